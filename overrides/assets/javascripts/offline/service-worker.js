// The guide's service worker: pages, checklists and tools keep working without a connection once
// a reader has opened them (or saved their language for offline use). The build
// (scripts/hooks/offline.py) writes it to the site's root as sw.js, after a first line that sets
// OFFLINE = { build, runtime: [addresses of the current Pyodide runtime and wheels] }.
//
// Three rules, nothing else:
//   * the Pyodide runtime and the wheels (versioned addresses that never change): from the cache
//     first; the tools' worker puts them there as it downloads them;
//   * everything else of this site (pages and their files): from the network first, so a reader
//     online always gets the current build exactly as without this worker; a copy is kept for
//     offline use, and given when the network fails or takes longer than NETWORK_WAIT_MS;
//   * requests to other sites, or other than GET: not touched (the site makes none).
// Nothing a reader types is ever in a request: the tools run in the browser, and a planner
// address holds dates and choices only; pages are kept without their query string.
/* global OFFLINE */

const PAGES = "guide-pages";        // pages and their files, the latest copy of each address
const RUNTIME = "guide-runtime";    // the Pyodide runtime and the wheels (shared with the tools' worker)
const NETWORK_WAIT_MS = 6000;       // an airport's captive portal can hang a request: then use the copy
const ROOT = new URL("./", self.location.href);
const IMMUTABLE = [new URL("assets/pyodide/", ROOT).href, new URL("assets/wheels/", ROOT).href];

self.addEventListener("install", () => {
  self.skipWaiting(); // a new build takes over at once: pages come from the network first anyway
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Drop runtime files of earlier builds (a new Pyodide version or wheel has a new address), and
    // Python memory snapshots (<library address>.snapshot, made by the tools' worker) of libraries
    // no longer current.
    const current = new Set(OFFLINE.runtime.map((path) => new URL(path, ROOT).href));
    const runtime = await caches.open(RUNTIME);
    for (const request of await runtime.keys()) {
      if (!current.has(request.url.replace(/\.snapshot$/, ""))) await runtime.delete(request);
    }
    for (const name of await caches.keys()) {
      if (name !== PAGES && name !== RUNTIME) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== ROOT.origin || !url.href.startsWith(ROOT.href)) return;
  if (url.pathname.endsWith("/sw.js")) return;
  if (IMMUTABLE.some((prefix) => url.href.startsWith(prefix))) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, event));
  }
});

/** The address a copy is kept under: without the query string (a planner's dates stay out). */
function keyOf(request) {
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  return url.href;
}

async function cacheFirst(request) {
  const cache = await caches.open(RUNTIME);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.status === 200) await cache.put(request.url, response.clone());
  return response;
}

async function networkFirst(request, event) {
  const cache = await caches.open(PAGES);
  const key = keyOf(request);
  const fromNetwork = fetch(request).then((response) => {
    if (response.ok && response.status === 200 && response.type === "basic") {
      event.waitUntil(cache.put(key, response.clone()));
    }
    return response;
  });
  fromNetwork.catch(() => {}); // handled below; a late failure after the copy was given is fine
  let timer;
  const waited = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_WAIT_MS); });
  try {
    const first = await Promise.race([fromNetwork, waited.then(() => null)]);
    if (first) return first;
    const copy = await cache.match(key);
    return copy || await fromNetwork; // slow, but nothing kept: keep waiting for the network
  } catch (error) {
    const copy = await cache.match(key);
    if (copy) return copy;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
