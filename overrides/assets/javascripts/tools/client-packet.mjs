// The planner's "client packet": the dated plan, then the counter sheet of each task in the
// plan that is done at a counter, each with a QR code back to its live page; one sheet per
// printed page (print rules in assets/stylesheets/counter-sheets.css).
// The sheets come with the page, hidden, in [data-client-packet] (scripts/hooks/counter_sheets.py);
// each is [data-counter-sheet="<task id>"]. The QR encoder is loaded only when a packet is made.
// Nothing leaves the browser: the QR codes hold the guide's own page addresses, never an answer.

import { h } from "./i18n.mjs";

/**
 * Show the sheets of the tasks in *section* (the plan), in the plan's order, with QR codes,
 * and mark the page so that printing shows the plan and those sheets only.
 * @param {Element} section the plan ([data-plan-result])
 * @param {HTMLElement} packet the hidden sheets ([data-client-packet])
 * @returns {Promise<string[]>} the task ids whose sheets are in the packet
 */
export async function preparePacket(section, packet) {
  const { qrSvg } = await import("../qr.mjs");
  const sheets = new Map([...packet.querySelectorAll("[data-counter-sheet]")].map((s) => [s.dataset.counterSheet, s]));
  for (const sheet of sheets.values()) sheet.hidden = true;
  const shown = [];
  for (const task of section.querySelectorAll("[data-task]")) {
    const id = task.dataset.task;
    const sheet = sheets.get(id);
    if (!sheet || shown.includes(id)) continue;
    shown.push(id);
    sheet.hidden = false;
    packet.append(sheet); // the plan's order
    const box = sheet.querySelector("[data-sheet-qr]");
    const link = sheet.querySelector("a.guide-sheet__link");
    if (box && link && !box.querySelector("svg")) box.append(qrSvg(link.href, packet.dataset.qrLabel || link.textContent));
  }
  packet.hidden = false;
  document.body.dataset.packet = "";
  return shown;
}

/** Put the "client packet" button beside the plan's other actions. */
export function mountClientPacket(section) {
  const packet = document.querySelector("[data-client-packet]");
  const actions = section.querySelector(".guide-plan__actions");
  if (!packet || !actions) return;
  const button = h("button", { type: "button", class: "md-button", "data-plan-packet": "", title: packet.dataset.help || "" },
    packet.dataset.label || "");
  actions.insertBefore(button, actions.querySelector("[data-plan-copied]"));
  button.addEventListener("click", async () => {
    await preparePacket(section, packet);
    window.print();
  });
  window.addEventListener("afterprint", () => {
    if (!("packet" in document.body.dataset)) return;
    delete document.body.dataset.packet;
    packet.hidden = true;
  });
}
