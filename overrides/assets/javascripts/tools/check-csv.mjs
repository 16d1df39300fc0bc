// The CSV batch check: the chosen file is read here and handed to the worker; the page shows
// counts and the invalid rows, and offers a report (row, problem) that never contains a number.

import { h } from "./i18n.mjs";

const SHOWN_ROWS = 200;

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

  const say = (text, className = "guide-batch__message") => result.replaceChildren(h("p", { class: className }, text));

  function report(summary) {
    const [rowHeader, codeHeader, problemHeader] = strings.get("csv.report_columns") || ["row", "problem_code", "problem"];
    const lines = [[rowHeader, codeHeader, problemHeader].map(csvCell).join(",")];
    for (const { row, error } of summary.invalid_rows) {
      lines.push([row, error, strings.t(`csv.row_errors.${error}`)].map(csvCell).join(","));
    }
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
    return h("a", { class: "md-button", href: reportUrl, download: `${strings.t("csv.report_file")}.csv`, "data-csv-report": "" },
      strings.t("csv.download"));
  }

  function render(summary) {
    if (summary.error) {
      const key = `csv.file_errors.${summary.error.code}`;
      say(strings.get(key) ? strings.t(key) : strings.t("csv.file_errors.internal"), "guide-batch__message guide-batch__message--error");
      result.dataset.error = summary.error.code;
      return;
    }
    delete result.dataset.error;
    const n = (value) => strings.formatNumber(value);
    const encoding = strings.get(`csv.encodings.${summary.encoding}`) || summary.encoding;
    const parts = [
      h("p", { class: "guide-batch__summary" }, strings.t("csv.summary", { rows: n(summary.rows), column: n(summary.column), encoding })),
    ];
    if (summary.header) parts.push(h("p", {}, strings.t("csv.header_skipped")));
    parts.push(h("ul", { class: "guide-batch__counts" },
      h("li", { "data-count": "valid" }, strings.t("csv.valid", {
        count: n(summary.valid), individual: n(summary.valid_individual), corporate: n(summary.valid_corporate),
      })),
      h("li", { "data-count": "invalid" }, strings.t("csv.invalid", { count: n(summary.invalid) })),
      summary.blank ? h("li", { "data-count": "blank" }, strings.t("csv.blank", { count: n(summary.blank) })) : null,
    ));
    if (!summary.invalid_rows.length) {
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
      parts.push(h("p", {}, report(summary)), h("p", { class: "guide-field__help" }, strings.t("csv.report_note")));
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
    say(client.state === "ready" ? strings.t("csv.checking") : strings.t("csv.waiting"));
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      say(strings.t("csv.file_errors.unreadable_file"), "guide-batch__message guide-batch__message--error");
      return;
    }
    await client.whenReady();
    say(strings.t("csv.checking"));
    let summary;
    try {
      summary = await client.checkCsv(bytes, columnInput.value.trim() || null);
    } catch {
      summary = { error: { code: "internal" } };
    }
    if (ticket === latest) render(summary);
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
