// Module Web Worker: loads the self-hosted Pyodide runtime and the site's wheels, then answers
// requests from python-client.mjs. Pyodide 314 ships pyodide.asm.mjs, so it needs a module worker.
//
// Messages in:  {type: "init", config}                       once, right after the page starts us
//               {type: "call", id, name, payload}            payload: JSON text
//               {type: "csv", id, data: Uint8Array, column}
// Messages out: {type: "progress", stage: "download", loaded, total} (bytes) | {…, stage: "start"},
//               {type: "ready"}, {type: "failed", reason: "stalled" | "error"},
//               {type: "result", id, json}, {type: "error", id, code}
//
// The page sends data, never code: Python runs only mynumber_guide.browser's functions.
// Nothing is logged: Python's stdout and stderr go nowhere, errors carry a code only.
//
// Slow networks: the worker first downloads every file of the runtime itself (config.files, in
// order), reading each body as it arrives. That gives the page bytes of total, and a download
// that still receives bytes never times out, however slow: only one that receives nothing for
// config.stallSeconds has stalled. The files are versioned and cached as immutable, so Pyodide
// then reads them from the browser's cache, and after a failure a retry downloads only the files
// that had not arrived in full, and of a file that broke off only the rest (Range).
//
// Return visits: Python is restored from a memory snapshot kept on the device after the first
// start (taken before anything of the site's package or the reader is in memory).

// Once every byte is here, starting the runtime is local work: this limit only catches a start
// that hangs (Pyodide waits forever on some failures), never a slow download.
const START_LIMIT_MS = 120_000;
const PROGRESS_EVERY_MS = 250;
let ready = null;
// Milliseconds since the worker started, per loading step (no user data): the benchmark reads them.
const timings = {};
const mark = (name) => { timings[name] = Math.round(performance.now()); };

const post = (message) => self.postMessage(message);
const quiet = () => {};

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "init") {
    if (!ready) {
      ready = boot(message.config);
      ready.then((bridge) => {
        post({ type: "ready", timings });
        warmUpInBackground(bridge);
      }, (error) => post({ type: "failed", reason: error instanceof Stalled ? "stalled" : "error" }));
    }
    return;
  }
  if (message.type === "call" || message.type === "csv") handle(message);
});

async function handle(message) {
  let bridge;
  try {
    if (!ready) throw new Error("not started");
    bridge = await ready;
  } catch {
    post({ type: "error", id: message.id, code: "unavailable" });
    return;
  }
  try {
    const json = message.type === "csv"
      ? bridge.check_csv(message.data, message.column || undefined) // undefined becomes None
      : bridge.call(String(message.name), String(message.payload ?? "{}"));
    post({ type: "result", id: message.id, json: String(json) });
  } catch {
    post({ type: "error", id: message.id, code: "internal" });
  }
}

// Pyodide reports some load failures (a failed WebAssembly download) only with console.warn and
// then waits forever. Watch the two ways the runtime's files arrive so that a failure ends the
// load at once and the page can offer a retry. The responses themselves are passed on untouched
// (a copied response would lose the browser's compiled-code cache for the .wasm file).
function watchLoad(limitMs, bodies = new Map()) {
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  failed.catch(quiet);
  const originalFetch = self.fetch.bind(self);
  self.fetch = async (...args) => {
    const target = args[0];
    const url = target instanceof Request ? target.url : new URL(String(target), self.location.href).href;
    const body = bodies.get(url);
    if (body) return new Response(body, { status: 200, headers: { "Content-Type": body.type } });
    try {
      const response = await originalFetch(...args);
      if (!response.ok) fail(new Error(`HTTP ${response.status}`));
      return response;
    } catch (error) {
      fail(error);
      throw error;
    }
  };
  for (const name of ["instantiateStreaming", "compileStreaming"]) {
    const original = WebAssembly[name];
    if (typeof original !== "function") continue;
    WebAssembly[name] = function (...args) {
      const result = original.apply(WebAssembly, args);
      result.catch(fail);
      return result;
    };
  }
  let timer = null;
  return {
    failed,
    fail,
    startClock: () => { timer = setTimeout(() => fail(new Error("timeout")), limitMs); },
    done: () => clearTimeout(timer),
  };
}

class Stalled extends Error {}

// Download config.files one after the other, reading each body to its end (so the browser's cache
// keeps it whole), and report the bytes so far. A file that gets no byte for stallMs is abandoned.
// Returns the bodies of the files the browser's cache did not keep (a private window's memory
// cache skips large files such as the .wasm): the worker hands Pyodide those copies instead of
// letting it download them a second time.
async function download(files, stallMs) {
  const bodies = new Map();
  const fetched = [];
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  let loaded = 0;
  let reported = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - reported < PROGRESS_EVERY_MS) return;
    reported = now;
    post({ type: "progress", stage: "download", loaded: Math.min(loaded, total), total });
  };
  report(true);
  for (const file of files) {
    const controller = new AbortController();
    let stalled = false;
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { stalled = true; controller.abort(); }, stallMs);
    };
    const before = loaded;
    const kept = await offlineCopy(file.url);
    if (kept) { // saved for offline use, or downloaded on an earlier visit: no network needed
      if (await inHttpCache(file.url)) {
        // Pyodide's own request gets it from the HTTP cache (with the .wasm's compiled code):
        // reading the kept copy as well would only cost time.
        await kept.body?.cancel();
      } else {
        bodies.set(file.url, await kept.blob());
      }
      loaded = before + file.bytes;
      report(true);
      continue;
    }
    arm();
    // The start of this file from an earlier attempt that broke off: ask only for the rest.
    const part = await keptPart(file.url);
    const chunks = [];
    let response = null;
    let got = 0;
    try {
      const headers = part ? { Range: `bytes=${part.body.size}-`, ...(part.validator && { "If-Range": part.validator }) } : {};
      response = await fetch(file.url, { signal: controller.signal, credentials: "same-origin", headers });
      if (part && response.status === 206 && rangeStart(response) === part.body.size) {
        chunks.push(part.body);
        got = part.body.size;
        loaded += got;
        report(true);
      } else if (!response.ok || response.status === 206) {
        if (part) await forgetPart(file.url); // a range that does not fit: next time, the whole file
        throw new Error(`HTTP ${response.status}`);
      } // else 200: the whole file (the host ignored the range, or the file changed)
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.byteLength;
        loaded += value.byteLength;
        arm();
        report();
      }
      const body = new Blob(chunks, { type: response.headers.get("Content-Type") || "" });
      bodies.set(file.url, body);
      fetched.push(file.url);
      await keepOfflineCopy(file.url, body);
      if (part) await forgetPart(file.url);
    } catch (error) {
      if (response && got > 0 && worthResuming(response, file, got)) await keepPart(file.url, new Blob(chunks), response);
      throw stalled ? new Stalled("stalled") : error;
    } finally {
      clearTimeout(timer);
    }
    loaded = before + file.bytes; // a compressed or differently sized body still counts as this file
    report(true);
  }
  mark("downloaded");
  for (const url of fetched) {
    if (await inHttpCache(url)) bodies.delete(url); // Pyodide's own fetch keeps the compiled-code cache
  }
  return bodies;
}

// The runtime files are also kept in the "guide-runtime" cache, which the site's service worker
// (sw.js) answers from: the tools then start without a connection, even after the browser's HTTP
// cache was cleared, and a retry never downloads a file that arrived before.
const RUNTIME_CACHE = "guide-runtime";

async function offlineCopy(url) {
  try {
    return (await (await caches.open(RUNTIME_CACHE)).match(url)) || null;
  } catch {
    return null; // no Cache Storage here (an insecure address, a private window): use the network
  }
}

async function keepOfflineCopy(url, body) {
  try {
    const cache = await caches.open(RUNTIME_CACHE);
    await cache.put(url, new Response(body, { headers: { "Content-Type": body.type } }));
  } catch {
    // not fatal: the tools work, only not offline
  }
}

// A download that broke off keeps what arrived as "<address>.part" in the same cache, when the
// host can send the rest (Accept-Ranges) and the rest is smaller than starting again. The rest is
// asked for with Range and If-Range, so a changed file comes whole. (With a Range header the
// browser asks for the file uncompressed: a compressed file is resumed only when what is left,
// uncompressed, weighs less than the whole compressed file.)
const PART = ".part";

function rangeStart(response) {
  const match = /^bytes (\d+)-/.exec(response.headers.get("Content-Range") || "");
  return match ? Number(match[1]) : -1;
}

function worthResuming(response, file, got) {
  if (response.status !== 200 || response.headers.get("Accept-Ranges") !== "bytes") return false;
  if (!response.headers.get("ETag") && !response.headers.get("Last-Modified")) return false;
  const sent = Number(response.headers.get("Content-Length")) || file.bytes; // compressed size if compressed
  return file.bytes - got < sent;
}

async function keepPart(url, body, response) {
  try {
    const validator = response.headers.get("ETag") || response.headers.get("Last-Modified");
    await (await caches.open(RUNTIME_CACHE)).put(url + PART, new Response(body, { headers: { "X-Validator": validator } }));
  } catch {
    // not fatal: the retry downloads the whole file
  }
}

async function keptPart(url) {
  try {
    const response = await (await caches.open(RUNTIME_CACHE)).match(url + PART);
    return response ? { body: await response.blob(), validator: response.headers.get("X-Validator") } : null;
  } catch {
    return null;
  }
}

async function forgetPart(url) {
  try {
    await (await caches.open(RUNTIME_CACHE)).delete(url + PART);
  } catch {
    // nothing kept
  }
}

async function inHttpCache(url) {
  try {
    const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

// After "ready": load and exercise the planner's modules step by step, each in its own task, so
// that a request that arrives meanwhile is answered between two steps; then keep the snapshot.
async function warmUpInBackground(bridge) {
  await new Promise((resolve) => setTimeout(resolve, 200)); // requests sent before "ready" go first
  for (const step of ["planner", "departure", "arrival", "calendar"]) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    try {
      bridge.warm_up(step);
    } catch {
      break; // not fatal: the request that needs it will load it
    }
    mark(step);
  }
  if (snapshot) {
    const { url, memory } = snapshot;
    snapshot = null;
    await keepSnapshot(url, memory);
    mark("snapshotKept");
  }
}

// A return visit restores Python from a memory snapshot instead of starting it again (Pyodide's
// loadPyodide _makeSnapshot/_loadSnapshot): about 2 s less on a phone. The snapshot is taken on
// this device right after Python first starts, before the site's package is loaded and before the
// reader types anything, so it holds the bare interpreter and nothing of the reader. It is kept as
// it is (31 MB of the device's storage; gzipped it would be 7 MB but take 0.3 s longer to read on
// every visit) in the "guide-runtime" cache, under the trimmed library's address plus ".snapshot":
// a new runtime or library has a new address, and the site's service worker drops snapshots whose
// library is no longer the current one. Nothing of it is ever sent anywhere.
let snapshot = null;

async function keepSnapshot(url, memory) {
  try {
    const body = new Blob([memory], { type: "application/octet-stream" });
    await (await caches.open(RUNTIME_CACHE)).put(url, new Response(body));
  } catch {
    // not fatal (no room left, say): the next visit starts Python as this one did
  }
}

async function readSnapshot(url) {
  try {
    const response = await (await caches.open(RUNTIME_CACHE)).match(url);
    return response ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    await forgetSnapshot(url);
    return null;
  }
}

async function forgetSnapshot(url) {
  try {
    await (await caches.open(RUNTIME_CACHE)).delete(url);
  } catch {
    // nothing kept, nothing to forget
  }
}

async function boot(config) {
  mark("init");
  const snapshotURL = config.stdLibURL ? `${config.stdLibURL}.snapshot` : null;
  const snapshotRead = snapshotURL ? readSnapshot(snapshotURL) : Promise.resolve(null); // meanwhile
  let bodies = new Map();
  if (Array.isArray(config.files) && config.files.length) {
    bodies = await download(config.files, (config.stallSeconds || 30) * 1000);
    post({ type: "progress", stage: "start" });
  } else {
    post({ type: "progress", stage: "download" });
  }
  const watch = watchLoad(START_LIMIT_MS, bodies);
  watch.startClock();
  let restoredFrom = null;
  try {
    const { loadPyodide } = await Promise.race([import(new URL("pyodide.mjs", config.indexURL).href), watch.failed]);
    mark("loader");
    const options = {
      indexURL: config.indexURL,
      stdLibURL: config.stdLibURL,  // the trimmed standard library (undefined: the whole one)
      lockFileURL: config.lockFileURL,
      stdout: quiet,
      stderr: quiet,
    };
    let pyodide = null;
    const kept = await snapshotRead;
    if (kept) {
      mark("snapshotRead");
      try {
        pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: kept }), watch.failed]);
        restoredFrom = snapshotURL;
        mark("restored");
      } catch {
        pyodide = null; // an unusable snapshot: forget it and start as on a first visit
        await forgetSnapshot(snapshotURL);
      }
    }
    if (!pyodide) {
      pyodide = await Promise.race([loadPyodide({ ...options, _makeSnapshot: Boolean(snapshotURL) }), watch.failed]);
      if (snapshotURL) {
        try {
          // Taken before the site's package or anything the reader types exists in memory.
          snapshot = { url: snapshotURL, memory: pyodide.makeMemorySnapshot() };
        } catch {
          snapshot = null; // not fatal: the next visit starts Python again
        }
      }
    }
    await Promise.race([pyodide.loadPackage(config.packages, { messageCallback: quiet, errorCallback: quiet }), watch.failed]);
    mark("runtime");
    if (!config.files?.length) post({ type: "progress", stage: "start" });
    const bridge = pyodide.pyimport(config.module);
    bridge.warm_up("checker");
    mark("checker");
    return bridge;
  } catch (error) {
    if (restoredFrom) await forgetSnapshot(restoredFrom); // so that "Try again" starts afresh
    throw error;
  } finally {
    watch.done();
    bodies.clear(); // Pyodide has what it needs: free the copies
  }
}
