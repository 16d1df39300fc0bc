// Entry of the tool pages (loaded only where the front matter says pyodide: true): starts the
// Python worker at once, shows its loading state, and mounts each widget of the page through
// Material's document$ (so it would also work with instant loading), once per element.

import { PythonClient } from "./python-client.mjs";
import { Strings } from "./i18n.mjs";
import { mount as mountCheckNumber } from "./check-number.mjs";
import { mount as mountCheckCsv } from "./check-csv.mjs";
import { mount as mountPlanner } from "./plan-your-move.mjs";

const WIDGETS = {
  "check-number": mountCheckNumber,
  "check-csv": mountCheckCsv,
  "plan-your-move": mountPlanner,
};

const client = PythonClient.forPage(); // started by start.mjs; start() is idempotent
if (client) client.start();

function mountStatus(root, strings) {
  const text = root.querySelector("[data-status-text]");
  const bar = root.querySelector("progress");
  const retry = root.querySelector("[data-python-retry]");
  const size = strings.formatMegabytes(client.config.downloadBytes || 0);
  const show = () => {
    const { state, stage } = client;
    root.dataset.state = state;
    root.hidden = false;
    retry.hidden = state !== "failed";
    bar.hidden = state === "failed" || state === "ready";
    if (state === "ready") {
      text.textContent = strings.t("runtime.ready");
      bar.value = 3;
    } else if (state === "failed") {
      text.textContent = strings.t("runtime.failed");
    } else if (stage === "start") {
      text.textContent = strings.t("runtime.stage_start");
      bar.value = 2;
    } else {
      text.textContent = strings.t("runtime.stage_download", { size });
      bar.removeAttribute("value"); // indeterminate while downloading
    }
  };
  retry.addEventListener("click", () => {
    client.retry();
    text.focus?.();
  });
  client.addEventListener("state", show);
  show();
}

function mountAll() {
  if (!client) return;
  const strings = new Strings();
  for (const root of document.querySelectorAll("[data-python-status]")) {
    if (root.dataset.mounted) continue;
    root.dataset.mounted = "true";
    mountStatus(root, strings);
  }
  for (const root of document.querySelectorAll("[data-tool]")) {
    const mount = WIDGETS[root.dataset.tool];
    if (!mount || root.dataset.mounted) continue;
    root.dataset.mounted = "true";
    mount(root, { client, strings });
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll, { once: true });
} else {
  mountAll();
}
