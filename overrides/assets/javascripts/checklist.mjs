// The interactive checklists. overrides/checklist.html loads this module on checklist pages
// only; scripts/hooks/checklists.py renders the list it works on:
//
//   <div class="guide-checklist" data-checklist="leaving" data-planner="departure">
//     <ul class="guide-checklist__items"> <li class="guide-checklist__item" id="ITEM"
//         data-item="ITEM" data-kind="legal|contract|advice" [data-task="TASK"]> ...
//
// Without this module the list is plain, readable text. With it, every item gets a real
// checkbox with a label, a "copy link" button; the list gets a progress bar, "hide done",
// "clear all ticks" (with undo) and "print". Ticks stay in localStorage under one key per
// checklist, as the list of ticked item ids: a revised list keeps the ticks whose ids still
// exist and drops the others from storage. Nothing else is stored and nothing is sent anywhere.
// The key is the checklist's id, the same in every language; should one page ever carry
// several lists with the same id, they share one set of ticks (TickGroup), and only ids that
// none of them has are dropped. When the browser refuses to store a tick (storage full,
// switched off, blocked), the tick stays on the page and the list says that it was not saved.
//
// When the page is opened with the move planner's parameters (?departure=YYYY-MM-DD&... on the
// leaving checklist, ?arrival=... on the moving-in one), the items with a data-task show the
// dates of the planner's own result: checklist-dates.mjs runs the same Python package in the
// same Web Worker as the planner. Without those parameters that module is never imported, so
// the page never loads Pyodide. (The WebAssembly runs in that worker, whose policy is its own,
// so the checklist page keeps the strict Content-Security-Policy of a content page.)

// Dates as the pages write them (Babel's "long" pattern, no weekday), from the CLDR data the
// build puts into the page (scripts/hooks/cldr_formats.py), never from the browser's Intl:
// Chromium has no Burmese or Nepali dates and would write English or "2027 M01 22".
import { CldrFormat } from "./cldr-format.mjs";

const STORAGE_PREFIX = "guide-checklist:";
const STORAGE_VERSION = 1;

function readClientData() {
  const element = document.getElementById("guide-checklist-strings");
  try {
    const data = JSON.parse(element ? element.textContent : "{}");
    return { locale: data.locale || document.documentElement.lang || "en", strings: data.strings || {},
      formats: data.formats || {} };
  } catch {
    return { locale: document.documentElement.lang || "en", strings: {}, formats: {} };
  }
}

/** Fill {name} slots of a template with text or nodes; returns a DocumentFragment. */
export function fill(template, values) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    fragment.append(template.slice(last, match.index));
    const value = values[match[1]];
    fragment.append(value === undefined ? match[0] : value);
    last = match.index + match[0].length;
  }
  fragment.append(template.slice(last));
  return fragment;
}

function text(template, values) {
  return fill(template, values).textContent;
}

/** The ticks of one checklist in localStorage, or in memory if storage is not available. */
class TickStore {
  constructor(checklistId) {
    this.key = STORAGE_PREFIX + checklistId;
    this.memory = null;
    try {
      const probe = `${this.key}:probe`;
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      this.available = true;
    } catch {
      this.available = false;
    }
  }

  read() {
    let raw = this.memory;
    if (this.available) {
      try {
        raw = window.localStorage.getItem(this.key);
      } catch {
        raw = this.memory;
      }
    }
    let data = {};
    try {
      data = JSON.parse(raw || "{}") || {};
    } catch {
      data = {};
    }
    const done = Array.isArray(data.done) ? data.done.filter((id) => typeof id === "string") : [];
    return { done: new Set(done), hideDone: data.hideDone === true };
  }

  /** Store *state*; returns "saved", "refused" (the browser threw: quota, security) or "off". */
  write(state) {
    const raw = JSON.stringify({ version: STORAGE_VERSION, done: [...state.done].sort(), hideDone: state.hideDone });
    this.memory = raw;
    if (!this.available) return "off";
    try {
      window.localStorage.setItem(this.key, raw);
      return "saved";
    } catch {
      return "refused";
    }
  }

  clear() {
    this.memory = null;
    if (!this.available) return "off";
    try {
      window.localStorage.removeItem(this.key);
      return "saved";
    } catch {
      return "refused";
    }
  }
}

/** The ticks under one storage key, shared by every list on the page that uses that key. */
class TickGroup {
  constructor(checklistId) {
    this.store = new TickStore(checklistId);
    this.ids = new Set();
    this.members = [];
    this.state = { done: new Set(), hideDone: false };
  }

  add(checklist) {
    this.members.push(checklist);
    for (const id of checklist.ids) this.ids.add(id);
  }

  /** Only the ids that a list on this page has. */
  known(ids) {
    return new Set([...ids].filter((id) => this.ids.has(id)));
  }

  /** Read the stored ticks; drop (and store without) the ids no list here has any more. */
  load({ prune = true } = {}) {
    const stored = this.store.read();
    this.state = { done: this.known(stored.done), hideDone: stored.hideDone };
    if (prune && this.state.done.size !== stored.done.size) this.save();
  }

  save() {
    this.state.done = this.known(this.state.done);
    const result = this.state.done.size || this.state.hideDone ? this.store.write(this.state) : this.store.clear();
    for (const member of this.members) member.showSaved(result);
  }

  render() {
    for (const member of this.members) member.render();
  }
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

/** The address of one item to share: the page without its query (the reader's dates) and the item's anchor. */
function itemUrl(id) {
  const url = new URL(window.location.href);
  url.search = "";
  url.hash = id;
  return url.href;
}

class Checklist {
  constructor(root, data, group) {
    this.root = root;
    this.ui = data.strings;
    this.locale = data.locale;
    this.formats = new CldrFormat(data.formats);
    this.group = group;
    this.store = group.store;
    this.items = [...root.querySelectorAll(".guide-checklist__item[data-item]")];
    this.ids = new Set(this.items.map((item) => item.dataset.item));
    this.undoState = null;
    this.saveRefused = false;
    group.add(this);
  }

  /** The ticks, shared with the other lists of the same key on this page. */
  get state() {
    return this.group.state;
  }

  set state(value) {
    this.group.state = value;
  }

  t(key) {
    return this.ui[key] || key;
  }

  mount() {
    this.root.classList.add("guide-checklist--js");
    this.buildToolbar();
    for (const item of this.items) this.upgradeItem(item);
    this.render();
    window.addEventListener("storage", (event) => {
      if (event.key === this.store.key) {
        this.group.load({ prune: false });
        this.render();
      }
    });
  }

  buildToolbar() {
    const ui = (key) => this.t(key);
    this.progress = element("progress", { max: String(this.items.length), value: "0", "aria-labelledby": "guide-checklist-progress-text" });
    this.progressText = element("span", { className: "guide-checklist__progress-text", id: "guide-checklist-progress-text" });
    this.hideToggle = element("input", { type: "checkbox", id: "guide-checklist-hide-done" });
    this.hideToggle.addEventListener("change", () => {
      this.state.hideDone = this.hideToggle.checked;
      this.save();
      this.group.render();
    });
    const reset = element("button", { type: "button", className: "guide-checklist__button guide-checklist__reset" }, ui("reset"));
    reset.addEventListener("click", () => this.reset());
    const print = element("button", { type: "button", className: "guide-checklist__button guide-checklist__print" }, ui("print"));
    print.addEventListener("click", () => window.print());
    this.status = element("p", { className: "guide-checklist__status", role: "status", "aria-live": "polite" });
    this.toolbar = element(
      "div",
      { className: "guide-checklist__toolbar", role: "group", "aria-label": ui("toolbar") },
      element("div", { className: "guide-checklist__progress" },
        element("span", { className: "guide-checklist__progress-label" }, ui("progress_label")),
        this.progress, this.progressText),
      element("div", { className: "guide-checklist__actions" },
        element("label", { for: "guide-checklist-hide-done" }, this.hideToggle, ui("hide_done")),
        reset, print),
      this.status,
      this.savedNote = element("p", { className: "guide-checklist__saved" }, this.store.available ? ui("saved_here") : ui("not_saved")),
    );
    const hint = this.root.querySelector(".guide-checklist__dates-hint");
    (hint || this.root.firstElementChild).after(this.toolbar);
  }

  upgradeItem(item) {
    const id = item.dataset.item;
    const title = item.querySelector(".guide-checklist__title");
    const box = element("input", { type: "checkbox", className: "guide-checklist__box", id: `${id}--box` });
    const label = element("label", { className: "guide-checklist__title", for: `${id}--box`, id: title.id });
    label.append(...title.childNodes);
    const copy = element("button", { type: "button", className: "guide-checklist__button guide-checklist__copy", "aria-describedby": title.id }, this.t("copy_link"));
    const head = element("div", { className: "guide-checklist__head" }, box, label, copy);
    title.replaceWith(head);
    box.addEventListener("change", () => this.toggle(item, box.checked));
    copy.addEventListener("click", () => this.copyLink(item, copy));
  }

  toggle(item, checked) {
    const id = item.dataset.item;
    if (checked) this.state.done.add(id);
    else this.state.done.delete(id);
    if (this.undoState) {
      // A new tick ends the chance to undo the clearing.
      this.undoState = null;
      this.status.replaceChildren();
    }
    this.save();
    if (checked && this.state.hideDone) {
      // The item disappears: move the focus to the next item that is still shown.
      const next = this.items.slice(this.items.indexOf(item) + 1).find((other) => !this.state.done.has(other.dataset.item))
        || this.items.find((other) => !this.state.done.has(other.dataset.item));
      this.group.render();
      (next ? next.querySelector(".guide-checklist__box") : this.hideToggle).focus();
    } else {
      this.group.render();
    }
  }

  save() {
    this.group.save();
  }

  /** Say whether the last change was stored: a refusal is shown and announced, never silent. */
  showSaved(result) {
    if (result === "refused") {
      this.savedNote.textContent = this.t("save_failed");
      this.savedNote.classList.add("guide-checklist__saved--failed");
      if (!this.saveRefused) this.announce(this.t("save_failed"));
      this.saveRefused = true;
    } else if (result === "saved" && this.saveRefused) {
      this.savedNote.textContent = this.t("saved_here");
      this.savedNote.classList.remove("guide-checklist__saved--failed");
      this.saveRefused = false;
    }
  }

  render() {
    let done = 0;
    for (const item of this.items) {
      const ticked = this.state.done.has(item.dataset.item);
      if (ticked) done += 1;
      item.classList.toggle("guide-checklist__item--done", ticked);
      const box = item.querySelector(".guide-checklist__box");
      if (box) box.checked = ticked;
    }
    this.root.classList.toggle("guide-checklist--hide-done", this.state.hideDone);
    this.hideToggle.checked = this.state.hideDone;
    this.progress.value = done;
    this.progressText.textContent = text(this.t("progress"), { done: String(done), total: String(this.items.length) });
  }

  announce(message, action) {
    this.status.replaceChildren(message);
    if (action) this.status.append(" ", action);
  }

  reset() {
    const previous = { done: new Set(this.state.done), hideDone: this.state.hideDone };
    if (![...previous.done].some((id) => this.ids.has(id))) {
      this.announce(this.t("reset_done"));
      return;
    }
    // Ticks of another list with the same key on this page are kept.
    this.state.done = new Set([...this.state.done].filter((id) => !this.ids.has(id)));
    this.save();
    this.undoState = previous;
    this.group.render();
    const undo = element("button", { type: "button", className: "guide-checklist__button guide-checklist__undo" }, this.t("undo"));
    undo.addEventListener("click", () => {
      if (!this.undoState) return;
      this.state = this.undoState;
      this.undoState = null;
      this.save();
      this.group.render();
      if (!this.saveRefused) this.announce(this.t("undone"));
      this.hideToggle.focus();
    });
    this.announce(this.t("reset_done"), undo);
  }

  async copyLink(item, button) {
    const url = itemUrl(item.dataset.item);
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    item.querySelector(".guide-checklist__copy-fallback")?.remove();
    if (copied) {
      this.announce(this.t("copied"));
      button.textContent = this.t("copied");
      window.setTimeout(() => { button.textContent = this.t("copy_link"); }, 2500);
      return;
    }
    // No clipboard (an old browser, a page not served over https, or permission refused):
    // show the address, selected, so that the reader can copy it by hand.
    const fieldId = `${item.dataset.item}--link`;
    const field = element("input", { type: "text", readonly: true, id: fieldId, value: url });
    const fallback = element("div", { className: "guide-checklist__copy-fallback" },
      element("label", { for: fieldId }, this.t("copy_manual")), field);
    item.querySelector(".guide-checklist__head").after(fallback);
    field.focus();
    field.select();
  }

  async showDates() {
    const planner = this.root.dataset.planner;
    const query = new URLSearchParams(window.location.search);
    // Values are trimmed as the planner (Python and its page) trims them.
    const reference = (query.get(planner) || "").trim();
    if (!planner || !reference) return;
    const banner = element("div", { className: "guide-checklist__dates", role: "status" });
    this.toolbar.before(banner);
    const invalid = () => {
      // The link's parameters are wrong: the planner (with its form) is where to fix them.
      banner.replaceChildren(element("p", {}, this.t("dates_invalid")),
        element("p", { className: "guide-checklist__dates-links" }, this.changeLink(), this.removeLink()));
      this.root.dataset.dates = "error";
    };
    // Not even shaped like a date: say so without downloading the runtime. Whether a date
    // exists, and every other rule, is the planner's to decide.
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(reference)) {
      invalid();
      return;
    }
    const run = async () => {
      banner.replaceChildren(element("p", {}, this.t("dates_loading")));
      try {
        const { plannerTasks } = await import("./checklist-dates.mjs");
        const result = await plannerTasks(planner, query);
        this.applyDates(banner, planner, query, result);
      } catch (error) {
        if (error && error.name === "PlannerInputError") {
          invalid();
          return;
        }
        const retry = element("button", { type: "button", className: "guide-checklist__button" }, this.t("dates_retry"));
        retry.addEventListener("click", run);
        banner.replaceChildren(element("p", {}, this.t("dates_error")), retry);
        this.root.dataset.dates = "error";
      }
    };
    await run();
  }

  changeLink() {
    const plannerLink = this.root.querySelector(".guide-checklist__planner-link");
    const href = plannerLink ? plannerLink.getAttribute("href") : "../../tools/plan-your-move/";
    return element("a", { href: `${href}${window.location.search}` }, this.t("dates_change"));
  }

  removeLink() {
    return element("a", { href: window.location.pathname }, this.t("dates_remove"));
  }

  /** <time datetime="YYYY-MM-DD"> with the date as the pages write it (ISO if it is not a date). */
  time(iso) {
    return element("time", { datetime: iso }, this.formats.date(iso, "long"));
  }

  applyDates(banner, planner, query, tasks) {
    const byId = new Map(tasks.map((task) => [task.id, task]));
    for (const item of this.items) {
      item.querySelector(".guide-checklist__date")?.remove();
      const taskId = item.dataset.task;
      if (!taskId) continue;
      const task = byId.get(taskId);
      let line;
      if (!task) {
        line = element("p", { className: "guide-checklist__date guide-checklist__date--none" }, this.t("date_none"));
      } else {
        line = element("p", { className: "guide-checklist__date", "data-due": task.due });
        if (task.earliest) line.append(fill(this.t("date_window"), { from: this.time(task.earliest), due: this.time(task.due) }));
        else if (item.dataset.kind === "advice") line.append(fill(this.t("date_advice"), { date: this.time(task.due) }));
        else line.append(fill(this.t("date_due"), { date: this.time(task.due) }));
      }
      item.querySelector(".guide-checklist__details").before(line);
    }
    banner.replaceChildren(
      element("p", {}, fill(this.t(`dates_for_${planner}`), { date: this.time((query.get(planner) || "").trim()) })),
      element("p", { className: "guide-checklist__dates-links" }, this.changeLink(), this.removeLink()),
    );
    const hint = this.root.querySelector(".guide-checklist__dates-hint");
    if (hint) hint.hidden = true;
    this.root.dataset.dates = "shown";
  }
}

function mountAll() {
  const data = readClientData();
  const groups = new Map();
  const checklists = [];
  for (const root of document.querySelectorAll(".guide-checklist[data-checklist]")) {
    if (root.dataset.mounted) continue;
    root.dataset.mounted = "true";
    const key = root.dataset.checklist;
    if (!groups.has(key)) groups.set(key, new TickGroup(key));
    checklists.push(new Checklist(root, data, groups.get(key)));
  }
  // The toolbars first (a failed pruning write is shown in them), then the stored ticks.
  for (const checklist of checklists) checklist.mount();
  for (const group of groups.values()) {
    group.load();
    group.render();
  }
  for (const checklist of checklists) checklist.showDates();
}

// Material's document$ emits on every page load (and on instant navigation, which this site
// does not use); without Material's bundle, mount once.
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
else mountAll();
