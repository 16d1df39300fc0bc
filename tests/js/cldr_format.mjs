// Format dates and numbers with overrides/assets/javascripts/cldr-format.mjs, for
// tests/test_cldr_format.py, which compares the results with Babel's.
//
// stdin:  {"cases": [{"formats": {...}, "dates": ["2027-01-22", ...], "numbers": [200000, ...]}, ...]}
// stdout: [{"full": [...], "long": [...], "numbers": [...], "megabytes": "..."}, ...]
import { readFileSync } from "node:fs";
import { CldrFormat } from "../../overrides/assets/javascripts/cldr-format.mjs";

const input = JSON.parse(readFileSync(0, "utf8"));
const output = input.cases.map(({ formats, dates, numbers }) => {
  const format = new CldrFormat(formats);
  return {
    full: dates.map((iso) => format.date(iso, "full")),
    long: dates.map((iso) => format.date(iso, "long")),
    numbers: numbers.map((value) => format.number(value)),
    megabytes: format.megabytes(12),
  };
});
process.stdout.write(JSON.stringify(output));
