// Dates and numbers in the page's language, from the CLDR data the build embeds in the page
// (scripts/hooks/cldr_formats.py), never from the browser's Intl: browsers ship incomplete
// locale data (Chromium has no Burmese or Nepali dates and writes "2027 M01 22, Fri" or falls
// back to English), so the same date reads the same on every browser, and as Babel writes the
// dates on the pages.
//
// data = {
//   date: { full: "EEEE, d MMMM y", long: "d MMMM y" },      CLDR date patterns
//   names: { E4: [Monday … Sunday], M4: [January … December], G1: [BC, AD] },
//   number: { group: ",", decimal: ".", minus: "-", grouping: [3, 3], maxFraction: 3 },
//   megabytes: "{0} MB",
// }
//
// Digits are Latin and years Gregorian, as on the pages. Without data (or with a pattern letter
// this module does not know) a date is written as ISO 8601 (2027-01-22), never in another
// language.

/** A CLDR date pattern as a list of literal strings and [letter, count] fields. */
export function tokenize(pattern) {
  const tokens = [];
  let text = "";
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === "'") {
      if (pattern[i + 1] === "'") { // '' is a quote
        text += "'";
        i += 2;
        continue;
      }
      i += 1; // a quoted literal, in which '' is a quote
      while (i < pattern.length) {
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += pattern[i];
        i += 1;
      }
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count += 1;
      if (text) tokens.push(text);
      text = "";
      tokens.push([char, count]);
      i += count;
      continue;
    }
    text += char;
    i += 1;
  }
  if (text) tokens.push(text);
  return tokens;
}

const pad = (value, width) => String(value).padStart(width, "0");

function field(letter, count, day, names) {
  const year = day.getUTCFullYear();
  const month = day.getUTCMonth(); // 0 = January
  switch (letter) {
    case "y":
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    case "d":
      return pad(day.getUTCDate(), count);
    case "M":
    case "L":
      if (count <= 2) return pad(month + 1, count);
      return names?.[`${letter}${count}`]?.[month];
    case "E":
      return names?.[`E${count}`]?.[(day.getUTCDay() + 6) % 7]; // the names start on Monday
    case "G":
      return names?.[`G${count}`]?.[year > 0 ? 1 : 0];
    default:
      return undefined;
  }
}

/** Parse YYYY-MM-DD into a UTC Date, or null. */
export function parseIso(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  if (!match) return null;
  const [year, month, date] = match.slice(1).map(Number);
  const day = new Date(Date.UTC(year, month - 1, date));
  return day.getUTCMonth() === month - 1 && day.getUTCDate() === date ? day : null;
}

/** The date *iso* (YYYY-MM-DD) written with *pattern*; *iso* itself if anything is missing. */
export function formatDatePattern(iso, pattern, names) {
  const day = parseIso(iso);
  if (!day || typeof pattern !== "string") return String(iso);
  let out = "";
  for (const token of tokenize(pattern)) {
    if (typeof token === "string") {
      out += token;
      continue;
    }
    const value = field(token[0], token[1], day, names);
    if (value === undefined) return String(iso);
    out += value;
  }
  return out;
}

/** *value* with Latin digits, grouped and with the decimal sign as *number* says. */
export function formatNumberWith(value, number) {
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const { group = ",", decimal = ".", minus = "-", grouping = [3, 3], maxFraction = 3 } = number || {};
  const [primary, secondary] = grouping;
  let [whole, fraction = ""] = Math.abs(n).toFixed(maxFraction).split(".");
  fraction = fraction.replace(/0+$/, "");
  if (whole === "0" && !fraction && n !== 0) fraction = ""; // a value rounded to zero
  const groups = [];
  if (primary > 0 && whole.length > primary) {
    groups.unshift(whole.slice(-primary));
    whole = whole.slice(0, -primary);
    const size = secondary > 0 ? secondary : primary;
    while (whole.length > size) {
      groups.unshift(whole.slice(-size));
      whole = whole.slice(0, -size);
    }
  }
  groups.unshift(whole);
  const text = groups.join(group) + (fraction ? decimal + fraction : "");
  return n < 0 && /[1-9]/.test(text) ? minus + text : text;
}

/** The formats of one page's language. */
export class CldrFormat {
  constructor(data) {
    this.data = data && typeof data === "object" ? data : {};
  }

  /** *iso* in *style* ("full": with the weekday; "long": without). */
  date(iso, style = "full") {
    return formatDatePattern(iso, this.data.date?.[style], this.data.names);
  }

  number(value) {
    return formatNumberWith(value, this.data.number);
  }

  megabytes(value) {
    const pattern = typeof this.data.megabytes === "string" ? this.data.megabytes : "{0} MB";
    return pattern.replace("{0}", this.number(value));
  }
}
