// The link builder on the "For agencies and employers" page: a link in the client's language to a
// page, a section, a checklist item or the move planner with its answers, with a QR code.
// Everything happens on this device; the page list comes from the site (assets/link-builder/pages.json).
import { qrSvg } from "./qr.mjs";

const root = document.querySelector("[data-link-builder]");
const config = JSON.parse(document.getElementById("link-builder-config").textContent);
const S = config.strings;
const form = root.querySelector("[data-link-builder-form]");
const language = form.querySelector("#lb-language");
const pageSelect = form.querySelector("#lb-page");
const section = form.querySelector("#lb-section");
const sectionRow = form.querySelector("[data-lb-section-row]");
const planner = form.querySelector("[data-lb-planner]");
const plannerFields = form.querySelector("[data-lb-planner-fields]");
const output = document.getElementById("built-link");
const qr = document.getElementById("built-qr");
const open = root.querySelector("[data-lb-open]");
const copy = root.querySelector("[data-lb-copy]");
const copied = root.querySelector("[data-lb-copied]");

const text = (key, values = {}) => String(S[key] ?? key).replace(/\{(\w+)\}/g, (m, name) => values[name] ?? m);
const option = (value, label) => Object.assign(document.createElement("option"), { value, textContent: label });
const titleIn = (titles, locale) => titles[locale] || titles[config.locale] || titles.en || Object.values(titles)[0] || "";
const siteBase = () => new URL(config.site || "/", location.href).href;

let data = { languages: [], pages: [] };

function fillLanguages() {
  language.replaceChildren(...data.languages.map((l) => option(l.locale, `${l.name} (${l.locale})`)));
  language.value = data.languages.some((l) => l.locale === config.locale) ? config.locale : data.languages[0]?.locale;
}

function fillPages() {
  const keep = pageSelect.value;
  const locale = language.value;
  pageSelect.replaceChildren(...data.pages.map((p) => option(p.path, titleIn(p.titles, locale) || p.path || "/")));
  if (data.pages.some((p) => p.path === keep)) pageSelect.value = keep;
  fillSections();
}

function currentPage() {
  return data.pages.find((p) => p.path === pageSelect.value);
}

function fillSections() {
  const keep = section.value;
  const page = currentPage();
  const locale = language.value;
  const groups = [option("", text("whole_page"))];
  for (const [list, label] of [[page?.sections ?? [], "sections_group"], [page?.items ?? [], "items_group"]]) {
    if (!list.length) continue;
    const group = document.createElement("optgroup");
    group.label = text(label);
    group.append(...list.map((entry) => option(entry.id, titleIn(entry.titles, locale) || entry.id)));
    groups.push(group);
  }
  section.replaceChildren(...groups);
  if ([...section.options].some((o) => o.value === keep)) section.value = keep;
  const isPlanner = page?.path === config.planner;
  planner.hidden = !isPlanner;
  update();
}

function buildPlannerFields() {
  for (const field of config.fields) {
    const id = `lb-p-${field.name}`;
    const row = document.createElement("p");
    const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: `${field.label} (${field.name})` });
    let input;
    if (field.kind === "date") {
      input = Object.assign(document.createElement("input"), { type: "date" });
    } else if (field.kind === "number") {
      input = Object.assign(document.createElement("input"), { type: "number", min: "0", step: "1", inputMode: "numeric" });
    } else {
      input = document.createElement("select");
      input.append(option("", text("not_given")), ...field.choices.map((c) => option(c.value, c.label)));
    }
    input.id = id;
    input.name = field.name;
    input.dataset.param = field.name;
    row.append(label, document.createElement("br"), input);
    plannerFields.append(row);
  }
}

function builtUrl() {
  const prefix = data.languages.find((l) => l.locale === language.value)?.prefix ?? "";
  const url = new URL(prefix + pageSelect.value, siteBase());
  if (!planner.hidden) {
    for (const input of plannerFields.querySelectorAll("[data-param]")) {
      if (input.value.trim()) url.searchParams.set(input.dataset.param, input.value.trim());
    }
  }
  if (section.value) url.hash = section.value;
  return url.href;
}

function update() {
  if (!data.pages.length) return;
  const url = builtUrl();
  output.textContent = url;
  open.href = url;
  open.hreflang = language.value;
  copied.textContent = "";
  qr.replaceChildren(qrSvg(url, text("qr_label", { url })));
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText(output.textContent);
    copied.textContent = text("copied");
  } catch {
    const range = document.createRange();
    range.selectNodeContents(output);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copied.textContent = text("copy_failed");
  }
}

async function start() {
  output.textContent = text("loading");
  const response = await fetch(new URL(config.data, location.href));
  data = await response.json();
  buildPlannerFields();
  fillLanguages();
  fillPages();
  language.addEventListener("change", fillPages);
  pageSelect.addEventListener("change", fillSections);
  section.addEventListener("change", update);
  plannerFields.addEventListener("input", update);
  plannerFields.addEventListener("change", update);
  form.addEventListener("submit", (event) => event.preventDefault());
  copy.addEventListener("click", copyLink);
  root.dataset.ready = "true";
}

start();
