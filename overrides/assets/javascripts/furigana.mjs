/**
 * Easy Japanese: the 「ふりがな あり／なし」 switch.
 *
 * The readings are ruby (<rt>) written into the page at build time (scripts/hooks/ruby.py) and
 * shown by default. This module shows the switch (overrides/partials/furigana.html, hidden
 * until a script can run it), and hides the readings on screen by a class on <html>, which
 * site.css reads; printing always shows them. The choice ("on"/"off", nothing else) is kept
 * in localStorage on this device; if the browser refuses storage, it lasts for this page.
 */

const KEY = "guide-furigana";
const OFF_CLASS = "guide-furigana-off";

/** @returns {boolean} whether the reader wants furigana (yes unless they switched it off) */
function wanted() {
  try {
    return window.localStorage.getItem(KEY) !== "off";
  } catch {
    return true;
  }
}

/** @param {boolean} on */
function remember(on) {
  try {
    window.localStorage.setItem(KEY, on ? "on" : "off");
  } catch {
    // Storage refused (private mode, full, disabled): the switch still works on this page.
  }
}

/**
 * @param {HTMLButtonElement} button
 * @param {HTMLElement} state
 * @param {boolean} on
 */
function show(button, state, on) {
  document.documentElement.classList.toggle(OFF_CLASS, !on);
  button.setAttribute("aria-pressed", on ? "true" : "false");
  state.textContent = on ? button.dataset.on : button.dataset.off;
}

function start() {
  const box = document.querySelector("[data-guide-furigana]");
  const button = box?.querySelector("button");
  const state = box?.querySelector(".guide-furigana__state");
  if (!box || !button || !state) return;
  show(button, state, wanted());
  box.hidden = false;
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    show(button, state, on);
    remember(on);
  });
  // Another tab switched: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key === KEY) show(button, state, event.newValue !== "off");
  });
}

start();
