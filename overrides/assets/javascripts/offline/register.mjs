// On every page: register the service worker (sw.js, at the site's root) and keep a copy of this
// page and the files it loaded, so that it reloads without a connection, from the first visit
// on. Everything is same-origin; a planner's query string is never part of a kept address.
// Where service workers are unavailable (an old browser, a file:// copy, a blocked profile) the
// page simply works as before.

export const ROOT = new URL("../../../", import.meta.url);
export const PAGES = "guide-pages";
export const RUNTIME = "guide-runtime";
const RUNTIME_PATHS = /\/assets\/(pyodide|wheels)\//;

/** *href* without its query string and fragment, if it belongs to this site; else null. */
export function ownAddress(href) {
  const url = new URL(href, location.href);
  if (url.origin !== ROOT.origin || !url.href.startsWith(ROOT.href)) return null;
  url.search = "";
  url.hash = "";
  return url.href;
}

/** Put *href* into *cacheName* unless a copy is there already; true if it is kept. */
export async function keep(cacheName, href) {
  const cache = await caches.open(cacheName);
  if (await cache.match(href)) return true;
  const response = await fetch(href, { credentials: "same-origin" });
  if (!response.ok || response.status !== 200) return false;
  await cache.put(href, response);
  return true;
}

async function keepThisPage() {
  const addresses = new Set([ownAddress(location.href)]);
  for (const entry of performance.getEntriesByType("resource")) {
    const href = ownAddress(entry.name);
    if (href && !RUNTIME_PATHS.test(new URL(href).pathname)) addresses.add(href);
  }
  await Promise.all([...addresses].map((href) => keep(PAGES, href).catch(() => false)));
}

async function register() {
  if (!("serviceWorker" in navigator) || !window.caches) return;
  try {
    await navigator.serviceWorker.register(new URL("sw.js", ROOT).href, { scope: ROOT.href });
    await navigator.serviceWorker.ready;
    await keepThisPage();
    document.documentElement.dataset.offlineReady = "true"; // for tests: this page is kept
  } catch {
    // not fatal: the page works online as before
  }
}

if (document.readyState === "complete") register();
else window.addEventListener("load", register, { once: true });
