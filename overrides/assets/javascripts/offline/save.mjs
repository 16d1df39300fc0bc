// "Save for offline use (N MB)" on the tool pages: fetch every page of this language, the site's
// own scripts and styles and the tools' runtime into the caches the service worker answers from,
// so that a reader on Wi-Fi can prepare before the airport. What is already kept is not fetched
// again; a failure keeps what was saved and the button tries the rest again.
//
//   <div data-offline-save data-list="…/assets/offline/<locale>.json"> with a button, a status
//   line (the live region) and a progress bar; strings from the tools' data (tools.offline.*).

import { Strings } from "../tools/i18n.mjs";
import { PAGES, ROOT, RUNTIME, keep } from "./register.mjs";

const megabytes = (strings, bytes) => strings.formats.megabytes(Math.max(0.1, Math.round(bytes / 1e5) / 10));

async function mount(root) {
  const strings = new Strings();
  const button = root.querySelector("button");
  const status = root.querySelector("[data-offline-status]");
  const bar = root.querySelector("progress");
  if (!("serviceWorker" in navigator) || !window.caches) {
    status.textContent = strings.t("offline.unsupported");
    root.hidden = false;
    button.hidden = true;
    return;
  }
  let list;
  try {
    const response = await fetch(root.dataset.list, { credentials: "same-origin" });
    list = await response.json();
  } catch {
    return; // offline already, or the list is missing: nothing to offer
  }
  const total = list.bytes;
  button.textContent = strings.t("offline.save", { size: megabytes(strings, total) });
  root.hidden = false;

  button.addEventListener("click", async () => {
    button.disabled = true;
    bar.hidden = false;
    bar.max = total;
    bar.value = 0;
    status.textContent = strings.t("offline.saving", { size: megabytes(strings, total) });
    let done = 0;
    let failed = 0;
    const jobs = [
      ...list.pages.map((path) => [PAGES, path]),
      ...list.files.map((path) => [PAGES, path]),
      ...list.runtime.map((path) => [RUNTIME, path]),
    ];
    for (const [cacheName, path] of jobs) {
      try {
        if (!(await keep(cacheName, new URL(path, ROOT).href))) failed += 1;
      } catch {
        failed += 1;
      }
      done += list.sizes[path] || 0;
      bar.value = done;
      bar.setAttribute("aria-valuetext", strings.t("runtime.progress", {
        loaded: megabytes(strings, done), total: megabytes(strings, total) }));
    }
    bar.hidden = true;
    button.disabled = false;
    if (failed) {
      status.textContent = strings.t("offline.failed");
      root.dataset.saved = "partly";
    } else {
      status.textContent = strings.t("offline.saved");
      root.dataset.saved = "true";
      try { await navigator.storage?.persist?.(); } catch { /* a wish, not a need */ }
    }
  });
}

for (const root of document.querySelectorAll("[data-offline-save]")) mount(root);
