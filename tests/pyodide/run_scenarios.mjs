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
import { loadWithWheels, parseArgs } from "../../scripts/pyodide_node.mjs";

const args = parseArgs(process.argv.slice(2), ["wheel", "csv"]);
for (const key of ["pyodide", "scenarios", "vectors"]) {
  if (!args[key]) throw new Error(`--${key} is required`);
}
const pyodide = await loadWithWheels({ pyodide: args.pyodide, stdlib: args.stdlib, wheels: args.wheel });

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
