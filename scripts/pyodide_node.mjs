// What the Node.js runners of Pyodide share (scripts/pyodide_stdlib.mjs for the build,
// tests/pyodide/run_scenarios.mjs for the tests): "--name value" arguments, and Pyodide from a
// local folder with the given wheels loaded, optionally on a trimmed standard library. No network.
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

/** `--key value` pairs into an object; keys named in *lists* collect every value in an array. */
export function parseArgs(argv, lists = ["wheel"]) {
  const args = Object.fromEntries(lists.map((key) => [key, []]));
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value for ${argv[i]}`);
    if (Array.isArray(args[key])) args[key].push(value);
    else args[key] = value;
  }
  return args;
}

/** Pyodide from the folder *pyodide* (with the standard library zip *stdlib*, if given) and *wheels* loaded. */
export async function loadWithWheels({ pyodide, stdlib, wheels = [] }) {
  const indexURL = resolve(pyodide) + "/";
  const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
  const options = { indexURL, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };
  if (stdlib) options.stdLibURL = resolve(stdlib);
  const instance = await loadPyodide(options);
  await instance.loadPackage(wheels.map((wheel) => resolve(wheel)), { messageCallback: () => {} });
  return instance;
}
