// The tools' strings and formats in the page's language.
//
// The template puts the strings into <script type="application/json" id="guide-tool-data">
// (scripts/hooks/tool_pages.py has already merged them over English key by key); t() still falls
// back to the English key path if one is missing, so a half-translated language never breaks a
// tool. Everything here builds DOM nodes or plain text: nothing is ever parsed as HTML.

import { CldrFormat } from "../cldr-format.mjs";

const EMPTY = { strings: {}, numbers: {}, links: { tasks: {}, glossary: {} }, lang: "en", formats: {} };

export function readJson(id, fallback = null) {
  const element = document.getElementById(id);
  if (!element) return fallback;
  try {
    return JSON.parse(element.textContent);
  } catch {
    return fallback;
  }
}

export class Strings {
  constructor(data = readJson("guide-tool-data", EMPTY)) {
    this.data = data || EMPTY;
    this.lang = document.documentElement.lang || this.data.lang || "en";
    this.numbers = this.data.numbers || {};
    this.links = this.data.links || { tasks: {}, glossary: {} };
    // Dates and numbers from the CLDR data the build put into the page (cldr_formats.py), as the
    // pages write them: never the browser's Intl, whose locale data is incomplete (Chromium has
    // no Burmese or Nepali dates). Latin digits and Gregorian years everywhere, as on the pages.
    this.formats = new CldrFormat(this.data.formats);
  }

  /** The raw value at a dotted key path ("plan.kinds.deadline"), or undefined. */
  get(key) {
    let value = this.data.strings;
    for (const part of key.split(".")) {
      if (value == null || typeof value !== "object" || !(part in value)) return undefined;
      value = value[part];
    }
    return value;
  }

  /** The string at *key* with {placeholders} filled in (plain text); the key itself if missing. */
  t(key, values = {}) {
    const template = this.get(key);
    if (typeof template !== "string") return key;
    return fill(template, { ...this.numbers, ...values });
  }

  /** Like t(), but appends the result to *parent*; a value that is a DOM Node is inserted as such. */
  into(parent, key, values = {}) {
    const template = this.get(key);
    appendFilled(parent, typeof template === "string" ? template : key, { ...this.numbers, ...values });
    return parent;
  }

  /**
   * *iso* (YYYY-MM-DD) in the page's language: "full" (with the weekday) for a due date, "long"
   * (without) for a reference date, as the pages write dates.
   */
  formatDate(iso, style = "full") {
    return this.formats.date(iso, style);
  }

  /** <time datetime="YYYY-MM-DD">date in the reader's language</time> */
  time(iso, style = "full") {
    const element = document.createElement("time");
    element.dateTime = iso;
    element.textContent = this.formatDate(iso, style);
    return element;
  }

  formatNumber(value) {
    return this.formats.number(value);
  }

  formatMegabytes(bytes) {
    return this.formats.megabytes(Math.round(bytes / 1e6));
  }
}

// On a right-to-left page (Urdu) an amount such as ¥200,000 inside the text would be reordered
// (the ¥ sign lands after the number): each filled-in value, with a ¥ sign written before its
// placeholder, becomes an isolated run, <bdi> in the page and FSI…PDI in plain text.
const PLACEHOLDER = /(¥?)\{([a-z_]+)\}/g;
const FSI = "\u2068";
const PDI = "\u2069";

function rightToLeft() {
  return typeof document !== "undefined" && document.body?.dir === "rtl";
}

export function fill(template, values) {
  const isolate = rightToLeft();
  return template.replace(PLACEHOLDER, (whole, sign, name) => {
    if (!(name in values)) return whole;
    const text = sign + String(values[name]);
    return isolate ? FSI + text + PDI : text;
  });
}

export function appendFilled(parent, template, values) {
  const isolate = rightToLeft();
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, sign, name] = match;
    parent.append(template.slice(last, match.index));
    const value = values[name];
    if (value instanceof Node) parent.append(sign, value);
    else if (value === undefined) parent.append(whole);
    else if (isolate) parent.append(Object.assign(document.createElement("bdi"), { textContent: sign + String(value) }));
    else parent.append(sign + String(value));
    last = match.index + whole.length;
  }
  parent.append(template.slice(last));
  return parent;
}

/** document.createElement with a class, attributes and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) element.append(child);
  }
  return element;
}

/**
 * The brackets around a Japanese term that follows a word: full-width in Chinese, with no space
 * before them in Korean, " (…)" elsewhere (the same rule as the `ja()` macro of the tool templates).
 */
export function termBrackets(lang) {
  if (/^zh\b/.test(lang)) return ["（", "）"];
  if (/^ko\b/.test(lang)) return ["(", ")"];
  return [" (", ")"];
}

/** The space after a label such as "In Japanese:"; none after a full-width colon. */
export function labelGap(label) {
  return /：$/.test(label) ? "" : " ";
}

/** A Japanese term marked as Japanese, linked to its glossary entry when there is one. */
export function japaneseTerm(strings, term, glossaryAnchor) {
  const href = glossaryAnchor ? strings.links.glossary?.[glossaryAnchor] : undefined;
  return href ? h("a", { href, lang: "ja", class: "guide-ja" }, term) : h("span", { lang: "ja", class: "guide-ja" }, term);
}
