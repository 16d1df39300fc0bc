// The page's side of the Python worker: one module Web Worker per page that loads the
// self-hosted Pyodide and the mynumber_guide wheel, and answers JSON requests by id.
//
//   const client = PythonClient.forPage();   // reads <script id="guide-python-config">
//   client.start();                          // at once: the download starts before anyone types
//   client.addEventListener("state", ...)    // client.state: "loading" | "ready" | "failed"
//   await client.call("check_number", { text })
//   await client.checkCsv(bytes, column)
//   client.retry()                           // after "failed": a fresh worker
//
// Privacy: requests go to the worker by postMessage only; nothing is logged, stored or put into
// the address bar, and the worker fetches nothing but the runtime and the wheels.

let shared = null;

export class PythonClient extends EventTarget {
  constructor(config) {
    super();
    this.config = config;
    this.state = "idle";
    this.stage = null;
    this.reason = null;   // after "failed": "stalled" (no byte for a while) or "error"
    this.progress = null; // while downloading: { loaded, total } in bytes
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.timings = null; // loading steps in ms (page clock, and the worker's own clock): for the benchmark
  }

  /** The one client of this page (a module-level singleton, reused if the page is re-mounted). */
  static forPage(doc = document) {
    if (shared) return shared;
    const element = doc.getElementById("guide-python-config");
    if (!element) return null;
    const raw = JSON.parse(element.textContent);
    const base = doc.baseURI;
    shared = new PythonClient({
      ...raw,
      indexURL: new URL(raw.indexURL, base).href,
      stdLibURL: raw.stdLibURL ? new URL(raw.stdLibURL, base).href : undefined,
      lockFileURL: new URL(raw.lockFileURL, base).href,
      files: (raw.files || []).map((url, index) => ({ url: new URL(url, base).href, bytes: raw.fileBytes[index] })),
    });
    return shared;
  }

  /** Start the worker once; later calls do nothing (after a failure only retry() starts another). */
  start() {
    if (this.worker || this.state !== "idle") return this;
    const worker = new Worker(new URL("./pyodide-worker.mjs", import.meta.url), { type: "module", name: "python" });
    this.worker = worker;
    this.workerStart = Math.round(performance.now());
    worker.addEventListener("message", (event) => this.#receive(worker, event.data || {}));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      if (worker === this.worker) this.#fail();
    });
    worker.addEventListener("messageerror", () => {
      if (worker === this.worker) this.#fail();
    });
    this.reason = null;
    this.progress = null;
    this.#setState("loading", "download");
    worker.postMessage({ type: "init", config: this.config });
    return this;
  }

  /** Throw the failed worker away and load again: the files that arrived in full come from the
   *  browser's cache (their addresses are versioned and cached as immutable), only the rest is
   *  downloaded again. */
  retry() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.#rejectAll();
    this.state = "idle";
    this.start();
  }

  call(name, args = {}) {
    return this.#request({ type: "call", name, payload: JSON.stringify(args) }).then((json) => JSON.parse(json));
  }

  checkCsv(bytes, column = null) {
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    return this.#request({ type: "csv", data, column }, [data.buffer]).then((json) => JSON.parse(json));
  }

  /** Resolves when the worker is ready (at once if it is). */
  whenReady() {
    if (this.state === "ready") return Promise.resolve(this);
    return new Promise((resolve) => {
      const listener = () => {
        if (this.state === "ready") {
          this.removeEventListener("state", listener);
          resolve(this);
        }
      };
      this.addEventListener("state", listener);
    });
  }

  // Sent at once, even while the runtime loads: the worker answers as soon as it is ready, which
  // saves a round trip. After a failure only retry() starts a new worker.
  #request(message, transfer = []) {
    if (this.state === "failed") return Promise.reject(new Error("unavailable"));
    this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.firstRequest ??= Math.round(performance.now());
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  #receive(worker, message) {
    if (worker !== this.worker) return; // an old worker after a retry
    switch (message.type) {
      case "progress":
        if (Number.isFinite(message.loaded)) this.progress = { loaded: message.loaded, total: message.total };
        this.#setState("loading", message.stage);
        break;
      case "ready":
        this.timings = { ...message.timings, workerStart: this.workerStart, ready: Math.round(performance.now()) };
        this.#setState("ready", "ready");
        break;
      case "failed":
        this.#fail(message.reason);
        break;
      case "result":
      case "error": {
        const entry = this.pending.get(message.id);
        if (!entry) return;
        this.pending.delete(message.id);
        this.firstAnswer ??= Math.round(performance.now());
        if (message.type === "result") entry.resolve(message.json);
        else entry.reject(new Error(message.code || "internal"));
        break;
      }
      default:
        break;
    }
  }

  #fail(reason = "error") {
    this.reason = reason;
    this.#rejectAll();
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.#setState("failed", "failed");
  }

  #rejectAll() {
    for (const entry of this.pending.values()) entry.reject(new Error("unavailable"));
    this.pending.clear();
  }

  #setState(state, stage) {
    this.state = state;
    this.stage = stage;
    this.dispatchEvent(new Event("state"));
  }
}
