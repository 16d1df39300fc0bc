// Run the timeline scenarios, the check-digit vectors and a few CSV files under Pyodide in Node,
// and print the results as one JSON line prefixed with "RESULT " (tests/test_pyodide.py compares
// them with CPython's).
//
// node tests/pyodide/run_scenarios.mjs --pyodide DIR [--stdlib ZIP] --wheel FILE [--wheel FILE ...]
//      --scenarios FILE --vectors FILE [--csv FILE ...]
//
// --stdlib is the trimmed standard library the site publishes (scripts/stdlib_trim.py).
//
// Everything is loaded from local files: Pyodide from node_modules/pyodide, the wheels with
// pyodide.loadPackage(<absolute path>). No network.
import { readFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";

function parseArgs(argv) {
  const args = { wheel: [], csv: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`missing value for ${argv[i]}`);
    if (Array.isArray(args[key])) args[key].push(value);
    else args[key] = value;
  }
  for (const key of ["pyodide", "scenarios", "vectors"]) {
    if (!args[key]) throw new Error(`--${key} is required`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const indexURL = resolve(args.pyodide) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const options = { indexURL, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };
if (args.stdlib) options.stdLibURL = resolve(args.stdlib);
const pyodide = await loadPyodide(options);
await pyodide.loadPackage(args.wheel.map((w) => resolve(w)), { messageCallback: () => {} });

pyodide.globals.set("scenarios_json", readFileSync(args.scenarios, "utf8"));
pyodide.globals.set("vectors_json", readFileSync(args.vectors, "utf8"));
pyodide.globals.set("csv_files", pyodide.toPy(args.csv.map((path) => ({ name: path, data: new Uint8Array(readFileSync(path)) }))));

const result = pyodide.runPython(`
import json, sys, zipfile
import jpholiday
from mynumber_guide import api

scenarios = json.loads(scenarios_json)["scenarios"]
vectors = json.loads(vectors_json)
json.dumps({
    "python": sys.version,
    "platform": sys.platform,
    "stdlib_files": sorted(zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip"))).namelist()),
    "timeline": {s["name"]: api.timeline(s["params"]) for s in scenarios},
    "check": [api.check_number(v["input"]) for v in vectors],
    "csv": {f["name"]: api.check_csv(bytes(f["data"]), None) for f in csv_files},
})
`);
process.stdout.write("RESULT " + result + "\n");
