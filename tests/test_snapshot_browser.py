"""A return visit starts Python from a memory snapshot kept on the device, which holds nothing of
the reader; a damaged snapshot is replaced and never stops the tools.

The tools' worker takes the snapshot right after Python first starts (before the site's package is
loaded and before anything is typed) and keeps it in the "guide-runtime" cache under the
trimmed library's address plus ".snapshot" (overrides/assets/javascripts/tools/pyodide-worker.mjs).
"""

from __future__ import annotations

import pytest

from mynumber_guide import api
from tools_fixtures import CHECK_PAGE, PLAN_PAGE, open_tool, planned_tasks, type_number, wait_ready  # noqa: F401

pytestmark = pytest.mark.browser

SAMPLE = "1234 5678 9018"  # synthetic (JPMyNumber's README)
PLAN = "?departure=2031-03-31&returning=no&insurance=nhi&pension-months=24"

KEPT = """async () => {
  const cache = await caches.open("guide-runtime");
  const key = (await cache.keys()).find((request) => request.url.endsWith(".snapshot"));
  if (!key) return null;
  const response = await cache.match(key);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { url: key.url, bytes: bytes.length, magic: Array.from(bytes.slice(0, 4)) };
}"""

# Searches the kept snapshot's memory for each text as UTF-8, UTF-16 and UTF-32 bytes (the ways
# Python and JavaScript hold strings); returns the texts found.
FIND = """async (texts) => {
  const cache = await caches.open("guide-runtime");
  const key = (await cache.keys()).find((request) => request.url.endsWith(".snapshot"));
  const response = await cache.match(key);
  const memory = new TextDecoder("latin1").decode(await response.arrayBuffer());
  const forms = (text) => [text, [...text].map((c) => c + "\\0").join(""), [...text].map((c) => c + "\\0\\0\\0").join("")];
  return texts.filter((text) => forms(text).some((form) => memory.includes(form)));
}"""


def wait_for_snapshot(page, smallest: int = 0, seconds: int = 120) -> dict:
    """The kept snapshot (its address, size and first bytes), once the worker has kept one."""
    for _ in range(seconds * 2):
        kept = page.evaluate(KEPT)
        if kept is not None and kept["bytes"] > smallest:
            return kept
        page.wait_for_timeout(500)
    raise AssertionError(f"no snapshot was kept within {seconds} s")


def test_a_return_visit_restores_python_from_a_snapshot_that_holds_nothing_of_the_reader(open_tool):
    page = open_tool("en", CHECK_PAGE)
    assert "restored" not in page.evaluate("window.guidePython.timings")
    assert type_number(page, SAMPLE)["valid"] == "true"  # typed while the snapshot is being kept
    kept = wait_for_snapshot(page)
    library = page.evaluate("""new URL(JSON.parse(document.getElementById('guide-python-config').textContent)
                                  .stdLibURL, document.baseURI).href""")
    assert kept["url"] == library + ".snapshot" and "/assets/pyodide/" in library
    assert kept["bytes"] > 10_000_000, "not the interpreter's memory"
    # The search works (the interpreter's own words are there), and finds nothing the reader typed.
    assert page.evaluate(FIND, ["emscripten", "ModuleNotFoundError"]) == ["emscripten", "ModuleNotFoundError"]
    assert page.evaluate(FIND, [SAMPLE, "123456789018", "1234 5678"]) == []
    page.close()

    # Another language's checker and the planner, as a return visit: both restore the snapshot.
    again = open_tool("ja", CHECK_PAGE)
    assert "restored" in again.evaluate("window.guidePython.timings")
    assert type_number(again, SAMPLE)["valid"] == "true"
    assert type_number(again, "123456789019")["error"] == "check_digit"
    again.close()
    planner = open_tool("en", PLAN_PAGE, PLAN)
    assert "restored" in planner.evaluate("window.guidePython.timings")
    planner.wait_for_selector("[data-task]")
    expected = api.timeline({"departure": "2031-03-31", "returning": "no", "insurance": "nhi", "pension-months": "24"})
    assert {task["id"] for task in planned_tasks(planner)} == {task["id"] for task in expected["tasks"]}


def test_a_damaged_snapshot_is_replaced_and_the_tools_still_start(open_tool):
    page = open_tool("vi", CHECK_PAGE)
    url = wait_for_snapshot(page)["url"]
    page.evaluate("""async (url) => {
      const cache = await caches.open("guide-runtime");
      await cache.put(url, new Response(new TextEncoder().encode("not a snapshot")));
    }""", url)
    page.reload()
    wait_ready(page)
    assert "restored" not in page.evaluate("window.guidePython.timings")
    assert type_number(page, SAMPLE)["valid"] == "true"
    assert wait_for_snapshot(page, smallest=10_000_000)["url"] == url
