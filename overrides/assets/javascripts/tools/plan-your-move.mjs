// The planner: a departure form and an arrival form; the plan comes from the package
// (mynumber_guide.api.timeline) and is grouped by before / on / after the date.
// Hooks: input[name="departure"], input[name="arrival"]; each task is [data-task="<id>"] whose
// first <time datetime> is its due date; a task due before the reader's today has
// data-passed="true" and a visible line saying so; what the plan could not work out is a
// [data-notice="<id>"] line above the groups. The shareable link carries the form's answers as
// query parameters named like the command-line options (trimmed, as Python trims them); opening
// such a link fills the form and plans. The reader's today never goes into the link.

import { appendFilled, fill, h, japaneseTerm, labelGap, termBrackets } from "./i18n.mjs";
import { mountClientPacket } from "./client-packet.mjs";

export const PARAMS = [
  "departure", "arrival", "returning", "leaving-home", "stay-expiry", "permanent-resident",
  "special-permanent-resident", "reentry-permit-expiry", "left-job", "tax-agent", "insurance",
  "pension-months", "notice-months",
];
const TRUE = new Set(["yes", "true", "on", "1"]);
const FALSE = new Set(["no", "false", "off", "0"]);
// A detail flag of a task -> the extra sentence (tasks.<id>.<key>) shown when the flag is true.
const EXTRA_SENTENCES = {
  registered_on_next_reference_day: "registered_next",
  while_reentry_permission: "while_reentry",
};

/** The link's value for *name*, trimmed as Python's parse_params trims it ("" when absent). */
export function linkValue(query, name) {
  return (query.get(name) ?? "").trim();
}

/** Today's date where the reader is, as YYYY-MM-DD (never sent anywhere). */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function mount(root, { client, strings }) {
  const forms = {
    departure: root.querySelector('form[data-plan="departure"]'),
    arrival: root.querySelector('form[data-plan="arrival"]'),
  };
  const status = root.querySelector("[data-plan-status]");
  const section = root.querySelector("[data-plan-result]");
  const heading = section.querySelector("#your-plan");
  const summary = section.querySelector("[data-plan-summary]");
  const groupsBox = section.querySelector("[data-plan-groups]");
  const shareLink = section.querySelector("[data-plan-link]");
  const checklistLink = section.querySelector("[data-plan-checklist]");
  const copied = section.querySelector("[data-plan-copied]");
  const ownJapanese = strings.lang === "ja" || strings.lang.startsWith("ja-");
  let current = null;
  let latest = 0;

  // --- the forms ---------------------------------------------------------------------------

  function syncConditional(form) {
    const returning = form.querySelector('input[name="returning"]:checked')?.value;
    for (const block of form.querySelectorAll("[data-when-returning]")) {
      const on = block.dataset.whenReturning.split(" ").includes(returning);
      block.hidden = !on;
      for (const control of block.querySelectorAll("input")) control.disabled = !on;
    }
  }

  function paramsOf(form) {
    const params = {};
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text) params[name] = text;
    }
    return params;
  }

  function fillForm(form, params) {
    for (const [name, value] of Object.entries(params)) {
      for (const control of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (control.type === "radio") {
          // yes/no questions accept the same words as Python's flags
          const word = value.toLowerCase();
          const same = control.value === value ||
            (control.value === "yes" && TRUE.has(word)) || (control.value === "no" && FALSE.has(word));
          control.checked = same;
        }
        else if (control.type === "checkbox") control.checked = TRUE.has(value.toLowerCase());
        else control.value = value;
      }
    }
    syncConditional(form);
  }

  function clearErrors(form) {
    const box = form.querySelector("[data-form-error]");
    box.hidden = true;
    box.textContent = "";
    for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
    for (const next of form.querySelectorAll("[data-field-error]")) {
      next.hidden = true;
      next.textContent = "";
    }
  }

  function showError(form, error) {
    const field = error.field || "";
    const name = strings.get(`plan.field_names.${field}`) ? strings.t(`plan.field_names.${field}`) : field;
    const key = strings.get(`plan.errors.${error.code}`) ? `plan.errors.${error.code}` : "plan.errors.internal";
    const box = form.querySelector("[data-form-error]");
    const message = strings.t(key, { field: name });
    box.textContent = message;
    box.hidden = false;
    // The same message next to the field itself (linked to it by aria-describedby).
    const beside = field && form.querySelector(`[data-field-error="${CSS.escape(field)}"]`);
    if (beside) {
      beside.textContent = message;
      beside.hidden = false;
    }
    const control = field && form.querySelector(`input[name="${CSS.escape(field)}"]:not([disabled])`);
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    }
  }

  for (const [kind, form] of Object.entries(forms)) {
    syncConditional(form);
    form.addEventListener("change", () => syncConditional(form));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      plan(kind, paramsOf(form), { focus: true });
    });
  }

  // --- planning ----------------------------------------------------------------------------

  async function plan(kind, params, { focus = false, scroll = false } = {}) {
    const ticket = ++latest;
    const form = forms[kind] || forms.departure;
    clearErrors(form);
    if (client.state === "failed") await client.whenReady(); // after the reader's retry
    if (ticket !== latest) return;
    status.textContent = strings.t(client.state === "ready" ? "plan.calculating" : "plan.waiting");
    let answer;
    try {
      answer = await client.call("timeline", { params });
    } catch {
      if (ticket !== latest) return;
      if (client.state === "failed") { // the status line offers a retry; plan again once it worked
        status.textContent = "";
        await client.whenReady();
        if (ticket === latest) plan(kind, params, { focus, scroll });
        return;
      }
      status.textContent = strings.t("plan.errors.internal");
      return;
    }
    if (ticket !== latest) return;
    if (answer.error) {
      status.textContent = "";
      showError(form, answer.error);
      return;
    }
    current = { kind, params, tasks: answer.tasks, notices: answer.notices || [] };
    render(current);
    status.textContent = strings.t("plan.count", { count: strings.formatNumber(answer.tasks.length) });
    if (focus) heading.focus();
    if (scroll) section.scrollIntoView({ block: "start" });
  }

  function titleOf(task) {
    return strings.get(`tasks.${task.id}.title`) ? strings.t(`tasks.${task.id}.title`) : task.id;
  }

  function japaneseOf(task) {
    return strings.get("japanese_rules")?.[task.rule] || strings.get("japanese")?.[task.id] || null;
  }

  function explanationTemplate(task) {
    return strings.get(`tasks.${task.id}.rules`)?.[task.rule] || strings.get(`tasks.${task.id}.what`) || "";
  }

  /**
   * The task's explanation, with its detail dates as <time> elements (or as text for the calendar).
   * Those are reference dates (the 1 January a resident tax is owed for): written without a
   * weekday, as the pages write dates; only the dates something is due on carry one.
   */
  function explanation(task, asText = false) {
    const dates = {};
    for (const [name, value] of Object.entries(task.details || {})) {
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        dates[name] = asText ? strings.formatDate(value, "long") : strings.time(value, "long");
      } else if (typeof value === "number") {
        dates[name] = String(value); // a tax year: written as digits, never grouped
      }
    }
    const parts = [explanationTemplate(task)];
    if (strings.get(`tasks.${task.id}.note`)) parts.push(strings.get(`tasks.${task.id}.note`));
    for (const [flag, key] of Object.entries(EXTRA_SENTENCES)) {
      if (task.details?.[flag] === true && strings.get(`tasks.${task.id}.${key}`)) {
        parts.push(strings.get(`tasks.${task.id}.${key}`));
      }
    }
    // Sentences follow each other without a space in Japanese and Chinese.
    const gap = /^(ja|zh)\b/.test(strings.lang) ? "" : " ";
    // Numbers from the facts file, written the reader's way (200,000 / 200.000).
    const numbers = Object.fromEntries(Object.entries(strings.numbers)
      .map(([name, value]) => [name, typeof value === "number" ? strings.formatNumber(value) : value]));
    if (asText) return parts.map((part) => fill(part, { ...numbers, ...dates })).join(gap);
    const paragraph = h("p", { class: "guide-task__what" });
    parts.forEach((part, index) => {
      if (index && gap) paragraph.append(gap);
      appendFilled(paragraph, part, { ...numbers, ...dates });
    });
    return paragraph;
  }

  function dateLines(task, asText = false) {
    const dueKey = task.kind === "advice" ? "plan.date_advice" : "plan.date_due";
    if (asText) {
      const lines = [strings.t(dueKey, { date: strings.formatDate(task.due) })];
      if (task.earliest) lines.push(strings.t("plan.date_from", { date: strings.formatDate(task.earliest) }));
      return lines;
    }
    const lines = [strings.into(h("p", { class: "guide-task__due" }), dueKey, { date: strings.time(task.due) })];
    if (task.earliest) {
      lines.push(strings.into(h("p", { class: "guide-task__from" }), "plan.date_from", { date: strings.time(task.earliest) }));
    }
    return lines;
  }

  function passedLine(kind) {
    const line = h("p", { class: "guide-task__passed" }, strings.t("plan.passed"));
    const late = strings.links.late?.[kind];
    if (late) line.append(" ", h("a", { href: late }, strings.t("plan.if_late")));
    return line;
  }

  function taskItem(task, kind, today) {
    const passed = task.due < today;
    const item = h("li", { class: `guide-task guide-task--${task.kind}${passed ? " guide-task--passed" : ""}`,
      "data-task": task.id, "data-kind": task.kind, "data-passed": String(passed) });
    const badge = h("span", { class: `guide-badge guide-badge--${task.kind}` }, strings.t(`plan.kinds.${task.kind}`));
    item.append(h("h4", { class: "guide-task__title" }, titleOf(task), " ", badge));
    item.append(...dateLines(task));
    if (passed) item.append(passedLine(kind));
    const what = explanation(task);
    if (what.textContent.trim()) item.append(what);
    const japanese = japaneseOf(task);
    if (japanese && !ownJapanese) {
      const label = strings.t("plan.in_japanese");
      item.append(h("p", { class: "guide-task__ja" }, label, labelGap(label),
        japaneseTerm(strings, japanese.name, japanese.glossary)));
    }
    const links = h("p", { class: "guide-task__links" });
    const guidance = strings.links.tasks?.[task.id];
    if (guidance) links.append(h("a", { href: guidance }, strings.t("plan.guidance")));
    if (task.source) {
      if (guidance) links.append(" · ");
      links.append(h("a", { href: task.source, rel: "noopener noreferrer", class: "guide-task__source" }, strings.t("plan.source")));
    }
    item.append(links);
    return item;
  }

  function noticeLine(notice, kind) {
    const line = h("p", { class: "guide-plan__notice", "data-notice": notice.id });
    line.append(strings.get(`plan.notices.${notice.id}`) ? strings.t(`plan.notices.${notice.id}`) : notice.id);
    const control = forms[kind]?.querySelector(`[name="${CSS.escape(notice.field)}"]`);
    if (control?.id) {
      const fix = h("a", { href: `#${control.id}` }, strings.t("plan.notice_fix"));
      fix.addEventListener("click", (event) => {
        event.preventDefault();
        control.focus();
      });
      line.append(" ", fix);
    }
    return line;
  }

  function render({ kind, params, tasks, notices }) {
    const reference = params[kind];
    const today = localToday();
    summary.replaceChildren();
    strings.into(summary, `plan.summary_${kind}`, { date: strings.time(reference) });
    const groups = { before: [], on: [], after: [] };
    for (const task of tasks) {
      groups[task.due < reference ? "before" : task.due === reference ? "on" : "after"].push(task);
    }
    const blocks = [];
    if (notices.length) {
      blocks.push(h("div", { class: "guide-plan__notices", role: "note" }, notices.map((n) => noticeLine(n, kind))));
    }
    if (tasks.some((task) => task.kind === "advice")) {
      blocks.push(h("p", { class: "guide-plan__note" }, strings.t("plan.advice_note")));
    }
    for (const [name, list] of Object.entries(groups)) {
      if (!list.length) continue;
      const id = `plan-${name}`;
      blocks.push(h("section", { class: "guide-plan__group", "data-group": name, "aria-labelledby": id },
        h("h3", { id }, strings.t(`plan.groups.${kind}_${name}`)),
        h("ol", { class: "guide-plan__list" }, list.map((task) => taskItem(task, kind, today)))));
    }
    groupsBox.replaceChildren(...blocks);
    const link = new URL(location.pathname, location.origin);
    for (const name of PARAMS) if (params[name]) link.searchParams.set(name, params[name]);
    shareLink.href = link.href;
    shareLink.textContent = link.href;
    // The plan's answers (dates and choices only, never anything typed as text) go into the address
    // bar, so that a reload, a bookmark or the language switch keeps the plan.
    history.replaceState(history.state, "", link.pathname + link.search + location.hash);
    // The same answers open the checklist with every step's date.
    const checklist = new URL(kind === "arrival" ? "../../checklists/moving-in/" : "../../checklists/leaving/", location.href);
    checklist.search = link.search;
    checklistLink.href = checklist.pathname + checklist.search;
    checklistLink.textContent = strings.t(kind === "arrival" ? "plan.checklist_link_arrival" : "plan.checklist_link_departure");
    copied.textContent = "";
    section.hidden = false;
    document.body.classList.add("guide-has-plan");
    // A performance mark (a name and a time, nothing else) that the benchmark reads.
    if (!performance.getEntriesByName("guide:first-plan").length) performance.mark("guide:first-plan");
  }

  // --- what to do with a plan --------------------------------------------------------------

  async function downloadCalendar() {
    if (!current) return;
    const texts = {};
    const brackets = termBrackets(strings.lang);
    for (const task of current.tasks) {
      const japanese = japaneseOf(task);
      const guidance = strings.links.tasks?.[task.id];
      const lines = [explanation(task, true), ...dateLines(task, true)];
      if (guidance) lines.push(`${strings.t("plan.guidance")}: ${new URL(guidance, location.href).href}`);
      if (task.source) lines.push(`${strings.t("plan.source")}: ${task.source}`);
      texts[task.id] = {
        summary: japanese && !ownJapanese ? `${titleOf(task)}${brackets[0]}${japanese.name}${brackets[1]}` : titleOf(task),
        description: lines.filter(Boolean).join("\n"),
        url: guidance ? new URL(guidance, location.href).href : task.source,
      };
    }
    let answer;
    try {
      answer = await client.call("calendar", {
        tasks: current.tasks, texts, dtstamp: new Date().toISOString(),
        calendar_name: strings.t("plan.calendar_name"), language: document.documentElement.lang || null,
      });
    } catch {
      answer = { error: { code: "internal" } };
    }
    if (answer.error) {
      status.textContent = strings.t("plan.errors.internal");
      return;
    }
    const url = URL.createObjectURL(new Blob([answer.ics], { type: "text/calendar;charset=utf-8" }));
    const anchor = h("a", { href: url, download: `${strings.t("plan.calendar_file")}-${current.params[current.kind]}.ics`, hidden: true });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(shareLink.href);
      copied.textContent = strings.t("plan.copied");
    } catch {
      copied.textContent = strings.t("plan.copy_failed");
      const range = document.createRange();
      range.selectNodeContents(shareLink);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  section.querySelector("[data-plan-calendar]").addEventListener("click", downloadCalendar);
  section.querySelector("[data-plan-print]").addEventListener("click", () => window.print());
  section.querySelector("[data-plan-copy]").addEventListener("click", copyLink);
  mountClientPacket(section);

  // --- a shared link -----------------------------------------------------------------------

  const query = new URLSearchParams(location.search);
  const fromLink = {};
  for (const name of PARAMS) if (query.has(name)) fromLink[name] = linkValue(query, name);
  const kind = "arrival" in fromLink && !("departure" in fromLink) ? "arrival" : "departure";
  if (fromLink[kind] !== undefined || "arrival" in fromLink) {
    fillForm(forms[kind], fromLink);
    plan(kind, fromLink, { scroll: true });
  }
}
