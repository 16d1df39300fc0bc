// The language selector keeps what the address says beyond the page: the planner's answers
// (?departure=…&returning=…), a checklist's dates and the section (#anchor), which are the same
// in every language. Material's selector links to the same page in each language
// (overrides/partials/alternate.html); this adds the current query and anchor to those links
// when the page loads, when the anchor changes, and at the moment a link is chosen (the tools
// may have changed the address since).

const LINKS = ".md-select__list a.md-select__link[hreflang]";

function withCurrentState(href) {
  const target = new URL(href, document.baseURI);
  target.search = window.location.search;
  target.hash = window.location.hash;
  return target.href;
}

function updateLinks() {
  for (const link of document.querySelectorAll(LINKS)) {
    link.href = withCurrentState(link.getAttribute("href"));
  }
}

updateLinks();
window.addEventListener("hashchange", updateLinks);
window.addEventListener("popstate", updateLinks);
for (const type of ["pointerdown", "click", "keydown", "focusin"]) {
  document.addEventListener(type, (event) => {
    const link = event.target instanceof Element ? event.target.closest(LINKS) : null;
    if (link) link.href = withCurrentState(link.getAttribute("href"));
  }, true);
}
