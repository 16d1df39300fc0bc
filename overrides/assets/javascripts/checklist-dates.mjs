// Dates for the checklists, taken from the move planner's own result: the same Python package
// (mynumber_guide.api.timeline) in the same Web Worker on the same self-hosted Pyodide as the
// planner page, through the planner's client (tools/python-client.mjs). checklist.mjs imports
// this module only when the page was opened with the planner's parameters, so a checklist
// without a date never loads the client, the worker or Pyodide.

import { PythonClient } from "./tools/python-client.mjs";

// The planner's parameters, named like the command line's options; only these are passed on.
export const PLANNER_OPTIONS = {
  departure: ["departure", "returning", "leaving-home", "stay-expiry", "permanent-resident",
    "special-permanent-resident", "reentry-permit-expiry", "left-job", "tax-agent", "insurance",
    "pension-months", "notice-months"],
  arrival: ["arrival", "insurance"],
};

/**
 * The planner's parameters for one kind of plan, from the page address (other names are ignored).
 * Values are trimmed and empty ones dropped, exactly as the planner page and Python do.
 */
export function plannerParams(planner, query) {
  const params = {};
  for (const name of PLANNER_OPTIONS[planner] || []) {
    const value = (query.get(name) ?? "").trim();
    if (value !== "") params[name] = value;
  }
  return params;
}

/** The planner rejected the link's parameters (its error code and field are kept). */
export class PlannerInputError extends Error {
  constructor(error) {
    super(error.code || "invalid_params");
    this.name = "PlannerInputError";
    this.code = error.code;
    this.field = error.field;
  }
}

/**
 * The planner's tasks ({id, kind, earliest?, due, rule, source}) for the address's parameters.
 * Throws PlannerInputError when the planner rejects the parameters, and another error when the
 * runtime cannot load (a later call then starts a fresh worker).
 */
export async function plannerTasks(planner, query) {
  const client = PythonClient.forPage();
  if (!client) throw new Error("no-runtime");
  if (client.state === "failed") client.retry();
  else client.start();
  const answer = await client.call("timeline", { params: plannerParams(planner, query) });
  if (answer && answer.error && answer.error.code !== "internal") throw new PlannerInputError(answer.error);
  if (!answer || !Array.isArray(answer.tasks)) throw new Error("invalid-answer");
  return answer.tasks;
}
