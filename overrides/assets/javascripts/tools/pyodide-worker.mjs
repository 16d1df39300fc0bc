// Module Web Worker: loads the self-hosted Pyodide runtime and the site's wheels, then answers
// requests from python-client.mjs. Pyodide 314 ships pyodide.asm.mjs, so it needs a module worker.
//
// Messages in:  {type: "init", config}                       once, right after the page starts us
//               {type: "call", id, name, payload}            payload: JSON text
//               {type: "csv", id, data: Uint8Array, column}
// Messages out: {type: "progress", stage: "download" | "start"}, {type: "ready"}, {type: "failed"},
//               {type: "result", id, json}, {type: "error", id, code}
//
// The page sends data, never code: Python runs only mynumber_guide.browser's functions.
// Nothing is logged: Python's stdout and stderr go nowhere, errors carry a code only.

const TIMEOUT_MS = 120_000;
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
      }, () => post({ type: "failed" }));
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
function watchLoad() {
  let fail;
  const failed = new Promise((_, reject) => { fail = reject; });
  failed.catch(quiet);
  const originalFetch = self.fetch.bind(self);
  self.fetch = async (...args) => {
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
  const timer = setTimeout(() => fail(new Error("timeout")), TIMEOUT_MS);
  return { failed, done: () => clearTimeout(timer) };
}

// After "ready": load and exercise the planner's modules step by step, each in its own task, so
// that a request that arrives meanwhile is answered between two steps.
async function warmUpInBackground(bridge) {
  await new Promise((resolve) => setTimeout(resolve, 200)); // requests sent before "ready" go first
  for (const step of ["planner", "departure", "arrival", "calendar"]) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    try {
      bridge.warm_up(step);
    } catch {
      return; // not fatal: the request that needs it will load it
    }
    mark(step);
  }
}

async function boot(config) {
  const watch = watchLoad();
  try {
    post({ type: "progress", stage: "download" });
    mark("init");
    const { loadPyodide } = await Promise.race([import(new URL("pyodide.mjs", config.indexURL).href), watch.failed]);
    mark("loader");
    const pyodide = await Promise.race([
      loadPyodide({
        indexURL: config.indexURL,
        lockFileURL: config.lockFileURL,
        packages: config.packages,   // fetched while the runtime starts
        stdout: quiet,
        stderr: quiet,
      }),
      watch.failed,
    ]);
    mark("runtime");
    post({ type: "progress", stage: "start" });
    const bridge = pyodide.pyimport(config.module);
    bridge.warm_up("checker");
    mark("checker");
    return bridge;
  } finally {
    watch.done();
  }
}
