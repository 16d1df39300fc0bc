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

// A rough time left from the bytes of the last few seconds (a moving window, so a connection
// that slows down or speeds up is followed); null until there is enough to say something useful.
export class TimeLeft {
  constructor(windowMs = 8000) {
    this.windowMs = windowMs;
    this.samples = [];
  }

  add(now, loaded) {
    this.samples.push([now, loaded]);
    while (this.samples.length > 2 && now - this.samples[1][0] >= this.windowMs) this.samples.shift();
  }

  /** Seconds left to reach *total*, or null. */
  seconds(total) {
    if (this.samples.length < 2) return null;
    const [t0, b0] = this.samples[0];
    const [t1, b1] = this.samples[this.samples.length - 1];
    if (t1 - t0 < 2000 || b1 <= b0) return null;
    return ((total - b1) / (b1 - b0)) * ((t1 - t0) / 1000);
  }
}

function megabytes(strings, bytes) {
  return strings.formats.megabytes(Math.round(bytes / 1e5) / 10);
}

function timeLeftText(strings, seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return "";
  if (seconds < 90) return strings.t("runtime.seconds_left", { seconds: strings.formatNumber(Math.max(5, Math.ceil(seconds / 5) * 5)) });
  return strings.t("runtime.minutes_left", { minutes: strings.formatNumber(Math.ceil(seconds / 60)) });
}

function mountStatus(root, strings) {
  const text = root.querySelector("[data-status-text]");
  const detail = root.querySelector("[data-status-detail]");
  const bar = root.querySelector("progress");
  const retry = root.querySelector("[data-python-retry]");
  const size = strings.formatMegabytes(client.config.downloadBytes || 0);
  let timeLeft = new TimeLeft();
  const say = (sentence) => { if (text.textContent !== sentence) text.textContent = sentence; };
  const show = () => {
    const { state, stage, progress } = client;
    root.dataset.state = state;
    root.hidden = false;
    retry.hidden = state !== "failed";
    bar.hidden = state === "failed" || state === "ready";
    detail.textContent = "";
    if (state === "ready") {
      say(strings.t("runtime.ready"));
    } else if (state === "failed") {
      say(client.reason === "stalled"
        ? strings.t("runtime.stalled", { seconds: strings.formatNumber(client.config.stallSeconds || 30) })
        : strings.t("runtime.failed"));
    } else if (stage === "start") {
      say(strings.t("runtime.stage_start"));
      bar.removeAttribute("value"); // indeterminate: starting is local work of unknown length
      bar.removeAttribute("aria-valuetext");
    } else {
      say(strings.t("runtime.stage_download", { size }));
      if (progress && progress.total > 0) {
        timeLeft.add(performance.now(), progress.loaded);
        bar.max = progress.total;
        bar.value = progress.loaded;
        const amount = strings.t("runtime.progress", {
          loaded: megabytes(strings, progress.loaded),
          total: megabytes(strings, progress.total),
        });
        const left = timeLeftText(strings, timeLeft.seconds(progress.total));
        detail.textContent = left ? `${amount} · ${left}` : amount;
        bar.setAttribute("aria-valuetext", amount);
      } else {
        bar.removeAttribute("value"); // indeterminate until the first bytes arrive
      }
    }
  };
  retry.addEventListener("click", () => {
    timeLeft = new TimeLeft();
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
