// The first script of a tool page (async, in <head>): starts the Python worker before the page has
// finished loading, so that the runtime downloads and starts while the reader reads. main.mjs
// (the widgets) shares the same client: PythonClient.forPage() is a per-page singleton.

import { PythonClient } from "./python-client.mjs";

const client = PythonClient.forPage();
if (client) {
  client.start();
  window.guidePython = client; // its state and timings for the benchmark and the tests; never data
}
