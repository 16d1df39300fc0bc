// The language suggestion. A reader whose browser prefers another language than the page's, and
// for whom the site has this page in that language, is offered it, in that language, above the
// page: a link to the same page (with the query and the anchor, as the language selector keeps
// them) and a "no thanks" button. It never switches by itself. A dismissal is kept on the device
// for that language. Nothing is sent anywhere: the browser's languages are read locally.

const STORAGE_KEY = "guide-language-suggestion-dismissed";
// Browser tags whose region or script decides the site's variant of the language.
const VARIANTS = [
  [/^zh-(hant|tw|hk|mo)\b/, "zh-Hant"],
  [/^zh\b/, "zh"],
  [/^pt\b/, "pt-BR"],
  [/^fil\b/, "tl"],
];

function readData() {
  const element = document.getElementById("guide-language-suggestions");
  try {
    return element ? JSON.parse(element.textContent) : null;
  } catch {
    return null;
  }
}

/** The site's language for one browser language tag, or undefined. */
export function siteLanguageFor(tag, languages) {
  const lower = tag.toLowerCase();
  const exact = languages.find((entry) => [entry.hreflang, entry.lang, entry.locale].some((v) => v.toLowerCase() === lower));
  if (exact) return exact;
  for (const [pattern, locale] of VARIANTS) {
    if (pattern.test(lower)) return languages.find((entry) => entry.locale === locale);
  }
  const primary = lower.split("-")[0];
  // Only a plain language code: Easy Japanese (ja-x-easy) is never chosen for a reader.
  return languages.find((entry) => entry.hreflang.toLowerCase() === primary);
}

/** The language to offer: the first preferred language the site has, unless it is the page's. */
export function suggestion(preferred, languages, pageLocale) {
  for (const tag of preferred) {
    const match = siteLanguageFor(tag, languages);
    if (!match) continue;
    return match.locale === pageLocale ? undefined : match;
  }
  return undefined;
}

function dismissed() {
  try {
    return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
  } catch {
    return [];
  }
}

function remember(locale) {
  try {
    const list = new Set(dismissed());
    list.add(locale);
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...list]));
  } catch {
    // Storage can be off (private mode): the banner is then only closed on this page.
  }
}

function banner(offer, link) {
  const box = document.createElement("aside");
  box.className = "guide-language-suggestion";
  box.setAttribute("data-language-suggestion", offer.locale);
  box.setAttribute("aria-label", offer.label);
  box.lang = offer.lang;
  box.dir = offer.dir;
  const text = document.createElement("p");
  text.textContent = `${offer.text} `;
  const anchor = document.createElement("a");
  anchor.href = link.href;
  anchor.hreflang = offer.hreflang;
  anchor.lang = offer.lang;
  anchor.textContent = offer.switch;
  text.append(anchor);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "guide-language-suggestion__dismiss";
  close.textContent = offer.dismiss;
  close.addEventListener("click", () => {
    remember(offer.locale);
    box.remove();
  });
  box.append(text, close);
  return box;
}

function start() {
  const data = readData();
  if (!data) return;
  const offer = suggestion(navigator.languages?.length ? navigator.languages : [navigator.language || ""],
    data.languages, data.page);
  if (!offer || dismissed().includes(offer.locale)) return;
  const link = document.querySelector(`.md-select__list a.md-select__link[hreflang="${CSS.escape(offer.hreflang)}"]`);
  const place = document.querySelector(".md-content__inner");
  if (!link || !place) return;
  const target = new URL(link.getAttribute("href"), document.baseURI);
  target.search = window.location.search;
  target.hash = window.location.hash;
  place.prepend(banner(offer, target));
}

if (typeof document !== "undefined") start();
