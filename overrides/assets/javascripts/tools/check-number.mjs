// The validator: checks as the reader types, with the package's own result.
// Hooks: input[name="number"]; #number-result with data-valid and data-error.
// The number lives only in the input and in the result on screen: it is never logged, stored,
// put into the address bar or sent anywhere, and both are cleared when the page is left.

import { h, japaneseTerm, termBrackets } from "./i18n.mjs";

// A performance mark (a name and a time, nothing else) that the benchmark reads.
function markOnce(name) {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

function groups(digits) {
  if (digits.length === 13) return `${digits[0]}-${digits.slice(1, 5)}-${digits.slice(5, 9)}-${digits.slice(9)}`;
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export function mount(root, { client, strings }) {
  const input = root.querySelector('input[name="number"]');
  const result = root.querySelector("#number-result");
  const ANNOUNCE_AFTER_MS = 1000;
  let latest = 0;

  // The result changes with every digit typed; a screen reader hears it once, when typing pauses:
  // the visible result is not a live region, a hidden copy is, filled ANNOUNCE_AFTER_MS later.
  const announce = root.querySelector("#number-announce");
  let announceTimer = null;
  const set = (valid, error, ...children) => {
    result.dataset.valid = valid;
    result.dataset.error = error;
    result.replaceChildren(...children);
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      const sentence = result.textContent.replace(/\s+/g, " ").trim();
      if (announce && announce.textContent !== sentence) announce.textContent = sentence;
    }, ANNOUNCE_AFTER_MS);
  };

  const message = (text, className = "guide-result__message") => h("p", { class: className }, text);

  function render(answer) {
    const { valid, error, kind, normalized } = answer;
    if (error === "empty") {
      set("false", "empty", message(strings.t("number.prompt")));
      return;
    }
    const verdict = h("p", { class: "guide-result__verdict" },
      h("span", { class: "guide-result__icon", "aria-hidden": "true" }, valid ? "✓" : "✗"),
      " ", valid ? strings.t("number.valid") : strings.t("number.invalid"));
    const parts = [verdict];
    if (kind) {
      const digits = kind === "individual" ? strings.numbers.individual_digits : strings.numbers.corporate_digits;
      const line = h("p", { class: "guide-result__kind" }, strings.t("number.kind_label"), " ",
        strings.t(`number.kind_${kind}`, { digits }));
      const term = strings.get(`number.kind_${kind}_ja`);
      if (term && !strings.lang.startsWith("ja")) {
        const [open, close] = termBrackets(strings.lang);
        line.append(open, japaneseTerm(strings, term, kind === "individual" ? "kojin-bango" : "hojin-bango"), close);
      }
      parts.push(line);
    }
    if (normalized) {
      parts.push(h("p", { class: "guide-result__digits" }, strings.t("number.read_as"), " ",
        h("span", { class: "guide-result__number", translate: "no" }, groups(normalized))));
    }
    if (error === "invalid_character") {
      parts.push(message(strings.t("number.errors.invalid_character")));
    } else if (error === "wrong_length") {
      const count = normalized ? normalized.length : 0;
      const key = count < strings.numbers.individual_digits ? "too_short" : "too_long";
      parts.push(message(strings.t(`number.errors.${key}`, {
        count, individual: strings.numbers.individual_digits, corporate: strings.numbers.corporate_digits,
      })));
    } else if (error === "check_digit") {
      parts.push(message(strings.t(`number.errors.check_digit_${kind}`, { digit: answer.expected_check_digit })));
    }
    set(valid ? "true" : "false", error || "", ...parts);
    markOnce("guide:first-result");
    keepVerdictInView();
  }

  // On a phone the on-screen keyboard covers the lower part of the screen (the visual viewport
  // shrinks). While the field has focus, scroll just enough that the verdict under it shows above
  // the keyboard, never so far that the field itself leaves the top.
  function keepVerdictInView() {
    if (document.activeElement !== input || !result.firstChild) return;
    const view = window.visualViewport;
    const top = view ? view.offsetTop : 0;
    const bottom = top + (view ? view.height : window.innerHeight);
    const below = result.getBoundingClientRect().bottom - bottom;
    const room = input.getBoundingClientRect().top - top - 8;
    const by = Math.min(below + 8, room);
    if (below > 0 && by > 0) window.scrollBy(0, by);
  }
  window.visualViewport?.addEventListener("resize", keepVerdictInView);

  async function check() {
    const ticket = ++latest;
    const text = input.value;
    if (client.state !== "ready" && text.trim()) result.replaceChildren(message(strings.t("number.waiting")));
    if (client.state === "failed") return; // the status line offers a retry; then we check again
    // The result is being updated: assistive technology (and a test) waits for the latest answer.
    result.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await client.call("check_number", { text });
    } catch {
      if (ticket === latest) result.removeAttribute("aria-busy");
      return; // the status line says what went wrong and offers a retry
    }
    if (ticket === latest) {
      render(answer);
      result.removeAttribute("aria-busy");
    }
  }

  input.addEventListener("input", check);
  let readyBefore = client.state === "ready";
  client.addEventListener("state", () => {
    // After a retry, check what was typed while the tool was unavailable.
    if (client.state === "ready" && !readyBefore && input.value && !("valid" in result.dataset)) check();
    readyBefore = client.state === "ready";
  });
  for (const button of root.querySelectorAll("[data-example]")) {
    button.addEventListener("click", () => {
      input.value = button.dataset.example;
      input.focus();
      check();
    });
  }
  // Leave nothing behind in a page kept in the back/forward cache.
  window.addEventListener("pagehide", () => {
    latest++;
    input.value = "";
    result.replaceChildren();
    clearTimeout(announceTimer);
    if (announce) announce.textContent = "";
    delete result.dataset.valid;
    delete result.dataset.error;
    result.removeAttribute("aria-busy");
  });
  if (input.value) check();
}
