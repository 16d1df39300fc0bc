// The CSV batch check: the chosen file is read here and handed to the worker; the page shows
// counts and the invalid rows, and offers a report (row, problem) that never contains a number.
//
// Memory and responsiveness: the worker returns counts and at most the first
// invalid_rows_limit (1 000) invalid rows, whatever the file's size; the page shows the first
// SHOWN_ROWS of them, and the report is built only when it is asked for, in small slices appended
// to a Blob between which the page stays responsive. A file over MAX_FILE_BYTES is refused before
// it is read, with the localised "too large" message.

import { h } from "./i18n.mjs";

const SHOWN_ROWS = 200;
const MAX_FILE_BYTES = 100 * 1024 * 1024;
// A worker failure on a file this large is most likely the browser running out of memory.
const LARGE_FILE_BYTES = 20 * 1024 * 1024;
const REPORT_SLICE = 250;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

function csvCell(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function mount(root, { client, strings }) {
  const fileInput = root.querySelector('input[type="file"]');
  const columnInput = root.querySelector('input[name="column"]');
  const button = root.querySelector("[data-csv-check]");
  const result = root.querySelector("#csv-result");
  let reportUrl = null;
  let latest = 0;

  const say = (text, className = "guide-batch__message") => {
    delete result.dataset.error;
    result.replaceChildren(h("p", { class: className }, text));
  };

  // The report as a Blob built slice by slice (each slice one short task), only when asked for.
  async function buildReport(rows, ticket) {
    const [rowHeader, codeHeader, problemHeader] = strings.get("csv.report_columns") || ["row", "problem_code", "problem"];
    const parts = ["\ufeff" + [rowHeader, codeHeader, problemHeader].map(csvCell).join(",") + "\r\n"];
    for (let start = 0; start < rows.length; start += REPORT_SLICE) {
      if (start) await nextTask();
      if (ticket !== latest) return null;
      let slice = "";
      for (const { row, error } of rows.slice(start, start + REPORT_SLICE)) {
        slice += [row, error, strings.t(`csv.row_errors.${error}`)].map(csvCell).join(",") + "\r\n";
      }
      parts.push(slice);
    }
    return new Blob(parts, { type: "text/csv;charset=utf-8" });
  }

  function reportButton(rows, ticket) {
    const button = h("button", { type: "button", class: "md-button", "data-csv-report": "" }, strings.t("csv.download"));
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const blob = await buildReport(rows, ticket);
        if (!blob) return;
        if (reportUrl) URL.revokeObjectURL(reportUrl);
        reportUrl = URL.createObjectURL(blob);
        const link = h("a", { href: reportUrl, download: `${strings.t("csv.report_file")}.csv`, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  function showError(code, line) {
    const key = `csv.file_errors.${code}`;
    const known = Boolean(strings.get(key));
    const parts = [h("p", { class: "guide-batch__message guide-batch__message--error" }, strings.t(known ? key : "csv.file_errors.internal"))];
    if (Number.isInteger(line) && line > 0) {
      parts.push(h("p", { "data-error-line": line }, strings.t("csv.error_line", { line: strings.formatNumber(line) })));
      if (code === "invalid_csv") parts.push(h("p", {}, strings.t("csv.quote_hint")));
    }
    result.replaceChildren(...parts);
    result.dataset.error = known ? code : "internal";
  }

  function render(summary, ticket) {
    if (summary.error) {
      showError(summary.error.code, summary.error.line);
      return;
    }
    delete result.dataset.error;
    const n = (value) => strings.formatNumber(value);
    const encoding = strings.get(`csv.encodings.${summary.encoding}`) || summary.encoding;
    const parts = [
      h("p", { class: "guide-batch__summary" }, strings.t("csv.summary", { rows: n(summary.rows), column: n(summary.column), encoding })),
    ];
    // No column given and one headed like マイナンバー or My Number: say which one was checked.
    if (summary.column_from_header) {
      parts.push(h("p", { "data-column-picked": summary.column_letter },
        strings.t("csv.column_picked", { letter: summary.column_letter, name: summary.column_name })));
    }
    if (summary.header) parts.push(h("p", {}, strings.t("csv.header_skipped")));
    parts.push(h("ul", { class: "guide-batch__counts" },
      h("li", { "data-count": "valid" }, strings.t("csv.valid", {
        count: n(summary.valid), individual: n(summary.valid_individual), corporate: n(summary.valid_corporate),
      })),
      h("li", { "data-count": "invalid" }, strings.t("csv.invalid", { count: n(summary.invalid) })),
      summary.blank ? h("li", { "data-count": "blank" }, strings.t("csv.blank", { count: n(summary.blank) })) : null,
    ));
    if (!summary.invalid) {
      parts.push(h("p", { class: "guide-batch__all-valid" }, strings.t("csv.all_valid")));
    } else {
      const rows = summary.invalid_rows.slice(0, SHOWN_ROWS).map(({ row, error }) =>
        h("tr", { "data-row": row, "data-error": error },
          h("td", {}, n(row)), h("td", {}, strings.t(`csv.row_errors.${error}`))));
      parts.push(h("table", {},
        h("caption", {}, strings.t("csv.table_caption")),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, strings.t("csv.row")), h("th", { scope: "col" }, strings.t("csv.problem")))),
        h("tbody", {}, rows)));
      if (summary.invalid_rows.length > SHOWN_ROWS) {
        parts.push(h("p", {}, strings.t("csv.more_rows", { count: n(summary.invalid_rows.length - SHOWN_ROWS) })));
      }
      if (summary.invalid > summary.invalid_rows.length) {
        parts.push(h("p", { "data-rows-capped": "" },
          strings.t("csv.rows_capped", { listed: n(summary.invalid_rows.length), count: n(summary.invalid) })));
      }
      parts.push(h("p", {}, reportButton(summary.invalid_rows, ticket)), h("p", { class: "guide-field__help" }, strings.t("csv.report_note")));
    }
    result.replaceChildren(...parts);
  }

  async function check() {
    const file = fileInput.files && fileInput.files[0];
    if (!file) {
      say(strings.t("csv.choose_file"));
      return;
    }
    const ticket = ++latest;
    if (file.size > MAX_FILE_BYTES) {
      showError("too_large");
      return;
    }
    say(client.state === "ready" ? strings.t("csv.checking") : strings.t("csv.waiting"));
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      if (ticket === latest) showError(file.size > LARGE_FILE_BYTES ? "too_large" : "unreadable_file");
      return;
    }
    await client.whenReady();
    say(strings.t("csv.checking"));
    let summary;
    try {
      summary = await client.checkCsv(bytes, columnInput.value.trim() || null);
    } catch {
      summary = { error: { code: file.size > LARGE_FILE_BYTES ? "too_large" : "internal" } };
    }
    bytes = null;
    if (ticket === latest) render(summary, ticket);
  }

  button.addEventListener("click", check);
  fileInput.addEventListener("change", check);
  window.addEventListener("pagehide", () => {
    latest++;
    fileInput.value = "";
    result.replaceChildren();
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = null;
  });
}
