// Run scripts/stdlib_exercise.py under Pyodide in Node and print, as one line prefixed with
// "RESULT ", its answers and the standard-library files the run imported (scripts/stdlib_trim.py
// reads it).
//
// node scripts/pyodide_stdlib.mjs --pyodide DIR [--stdlib ZIP] --exercise FILE --wheel FILE [--wheel FILE ...]
//
// Without --stdlib, Pyodide's whole python_stdlib.zip is used. Everything is local: no network.
import { readFileSync } from "node:fs";
import { loadWithWheels, parseArgs } from "./pyodide_node.mjs";

const args = parseArgs(process.argv.slice(2));

// A failure prints one line "ERROR <type>: <message>" (a Python error's last traceback line).
function failure(error) {
  const lines = String(error?.message ?? error).trim().split("\n");
  const line = lines.find((text) => error?.type && text.startsWith(error.type + ":")) || lines[lines.length - 1];
  return `ERROR ${error?.type && !line.startsWith(error.type) ? error.type + ": " : ""}${line}`;
}

try {
  const pyodide = await loadWithWheels({ pyodide: args.pyodide, stdlib: args.stdlib, wheels: args.wheel });

  // A Python error that reaches JavaScript is formatted with its traceback: that needs modules too.
  let raised = "";
  try {
    pyodide.runPython("raise ValueError('a probe')");
  } catch (error) {
    raised = String(error.message).trim().split("\n").pop();
  }
  const namespace = pyodide.globals.get("dict")();
  pyodide.runPython(readFileSync(args.exercise, "utf8"), { globals: namespace });
  const answers = JSON.parse(namespace.get("ANSWERS"));
  answers.raised = raised;
  const modules = JSON.parse(pyodide.runPython(`
import json, sys
prefixes = tuple(p.rstrip("/") + "/" for p in sys.path if p.endswith(".zip"))
json.dumps(sorted({
    f[len(p):]
    for m in list(sys.modules.values())
    for f in [getattr(m, "__file__", None) or ""]
    for p in prefixes if f.startswith(p)
}))
`));
  process.stdout.write("RESULT " + JSON.stringify({ answers, modules }) + "\n");
} catch (error) {
  process.stderr.write(failure(error) + "\n");
  process.exitCode = 1;
}
