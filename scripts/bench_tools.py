"""Benchmark the in-browser tools in headless Chromium against the built site on localhost.

    .venv/bin/python scripts/bench_tools.py            # builds the site into a temporary folder
    .venv/bin/python scripts/bench_tools.py --site site --runs 3

Serves the site with scripts/static_server.py (long-lived caching for /assets/pyodide/ and
/assets/wheels/, application/wasm) and measures, in page time (the pages' own performance marks
``guide:first-result`` and ``guide:first-plan``, which count from the start of navigation):

* navigation → first validator result: the check page is opened and a number is typed as soon as
  the input exists; the clock stops when ``#number-result`` gets ``data-valid``;
* navigation → first plan: the planner is opened from a shared link; the clock stops when the
  first ``[data-task]`` is shown;
* the worker's own loading steps (ms since navigation: worker started, runtime ready, validator
  ready), to see where the time goes;

cold (a new browser profile: empty HTTP cache and code cache) and warm (the browser is closed and
started again on the same profile: a return visit), and the bytes the server sent for each visit.
The server sends the precompressed copies (``.br``, else ``.gz``) as a host that serves them does.

Slow networks (``--network slow4g,400k``; Chromium's own network emulation, which also covers the
tools' worker): the cold first validator result at Slow 4G (1.6 Mbit/s, 150 ms round trip) and at
400 kbit/s (300 ms), how many different progress figures the status line showed on the way, and
the bytes of a guidance page's first visit.
It also opens content pages and checks that they fetch no Pyodide byte. Targets on a 2-core
machine: warm ≤ 1 s (a return visit restores the memory snapshot kept on the device), cold ≤ 6 s.
Not a test: it prints figures (``--json`` for machine use).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import static_server  # noqa: E402
from static_server import SiteRequestHandler  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SAMPLE_NUMBER = "1234 5678 9018"  # synthetic (JPMyNumber's README example)
SHARED_LINK = "tools/plan-your-move/?departure=2027-03-31&returning=no&insurance=nhi&pension-months=24"
CONTENT_PAGES = ["", "leaving/", "ja/arriving/", "ko/glossary/"]
PYODIDE_PATHS = ("/assets/pyodide/", "/assets/wheels/", "/assets/javascripts/tools/")
TARGETS = {"warm": 1.0, "cold": 6.0}
STAY_MS = 5000
NETWORKS = {  # Chromium DevTools' presets: bytes per second, round trip in ms
    "slow4g": {"downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8, "latency": 150},
    "400k": {"downloadThroughput": 400_000 / 8, "uploadThroughput": 200_000 / 8, "latency": 300},
}
GUIDANCE_PAGE = "leaving/"


class Traffic:
    """Bytes and requests the server answered, by path."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, int, int]] = []

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.entries.append((path, status, size))

    def take(self) -> list[tuple[str, int, int]]:
        with self.lock:
            entries, self.entries = self.entries, []
        return entries


def counting_handler(traffic: Traffic):
    class Handler(SiteRequestHandler):
        def send_response(self, code, message=None):
            self._status = code
            super().send_response(code, message)

        def send_header(self, keyword, value):
            if keyword.lower() == "content-length":
                self._length = int(value)
            super().send_header(keyword, value)

        def handle_one_request(self):
            self._status, self._length = None, 0
            super().handle_one_request()
            if self._status is not None:
                path = self.path.split("?")[0]
                traffic.add(path, self._status, self._length if self.command != "HEAD" and self._status != 304 else 0)

    return Handler


@contextlib.contextmanager
def serve(site: Path, traffic: Traffic) -> Iterator[str]:
    with static_server.serve(site, handler_class=counting_handler(traffic)) as url:
        yield url


def build_site(target: Path, site_url: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    env.pop("BUILD_ONLY_LOCALE", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate:
            return candidate
    raise SystemExit("No Chromium: set CHROMIUM=/path/to/chromium")


def _mark(page, name: str) -> float:
    """When the page rendered it (its own performance mark, in ms since navigation), in seconds."""
    return page.evaluate(f"performance.getEntriesByName({name!r})[0].startTime") / 1000


def first_result(page, url: str) -> float:
    page.goto(url + "tools/check-number/", wait_until="commit")
    page.locator('input[name="number"]').fill(SAMPLE_NUMBER)
    page.wait_for_selector("#number-result[data-valid]", timeout=120_000)
    return _mark(page, "guide:first-result")


def first_plan(page, url: str) -> float:
    page.goto(url + SHARED_LINK, wait_until="commit")
    page.wait_for_selector("[data-task] time[datetime]", timeout=120_000)
    return _mark(page, "guide:first-plan")


def visit(playwright, profile: Path, url: str, traffic: Traffic, measure) -> tuple[float, int, dict]:
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
    try:
        page = context.new_page()
        traffic.take()
        seconds = measure(page, url)
        steps = page.evaluate("window.guidePython && window.guidePython.timings") or {}
        # Stay on the page a few seconds, as a reader does: Chromium writes the compiled WebAssembly
        # to its code cache once the hot functions are optimised, shortly after start-up.
        page.wait_for_timeout(STAY_MS)
        sent = sum(size for _, _, size in traffic.take())
        page.close()
    finally:
        context.close()
    return seconds, sent, steps


def _steps(timings: dict) -> dict:
    """The worker's steps in ms since navigation (the worker's clock starts when it is created)."""
    if not timings:
        return {}
    start = timings.get("workerStart", 0)
    steps = {"worker started": start}
    for name, label in (("downloaded", "files here"), ("restored", "restored from snapshot"),
                        ("runtime", "runtime ready"), ("checker", "validator ready")):
        if name in timings:
            steps[label] = start + timings[name]
    steps["ready reported"] = timings.get("ready")
    return steps


def content_pages(playwright, url: str, traffic: Traffic) -> dict[str, int]:
    browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
    try:
        page = browser.new_context().new_page()
        workers: list[str] = []
        page.on("worker", lambda worker: workers.append(worker.url))
        result = {}
        for path in CONTENT_PAGES:
            traffic.take()
            page.goto(url + path, wait_until="load")
            page.wait_for_timeout(500)
            result[path or "/"] = sum(size for p, _, size in traffic.take() if p.startswith(PYODIDE_PATHS))
        ours = [worker for worker in workers if "/javascripts/tools/" in worker]
        if ours:
            result["tool workers started"] = len(ours)
        return result
    finally:
        browser.close()


def throttled(playwright, url: str, traffic: Traffic, network: str) -> dict:
    """Cold first validator result on an emulated slow network, with what the status line showed."""
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
        # The emulation applies to the page and its worker, not to a service worker (a target of
        # its own), which would fetch at full speed: the site's service worker is blocked here.
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium(), args=CHROMIUM_ARGS, headless=True, service_workers="block")
        try:
            page = context.new_page()
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", {"offline": False, **NETWORKS[network]})
            traffic.take()
            page.goto(url + GUIDANCE_PAGE, wait_until="load")
            page.wait_for_timeout(1000)
            guidance = traffic.take()
            page.goto(url + "tools/check-number/", wait_until="commit")
            page.locator('input[name="number"]').fill(SAMPLE_NUMBER)
            shown = set()
            while not page.locator("#number-result[data-valid]").count():
                detail = page.evaluate("document.querySelector('[data-status-detail]')?.textContent || ''")
                if detail:
                    shown.add(detail.split(" · ")[0])
                if page.evaluate("document.querySelector('[data-python-status]')?.dataset.state") == "failed":
                    return {"failed": True, "progress figures shown": len(shown)}
                page.wait_for_timeout(250)
            seconds = _mark(page, "guide:first-result")
            sent = sum(size for _, _, size in traffic.take())
        finally:
            context.close()
    return {"first result s": round(seconds, 1), "bytes to first result": sent,
            "progress figures shown": len(shown),
            "guidance page bytes": sum(size for _, _, size in guidance),
            "guidance page Pyodide bytes": sum(size for p, _, size in guidance if p.startswith(PYODIDE_PATHS))}


def run(site: Path, runs: int, networks: list[str] | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    traffic = Traffic()
    figures: dict = {"validator": {"cold": [], "warm": []}, "planner": {"cold": [], "warm": []},
                     "bytes": {"validator": {}, "planner": {}}}
    with serve(site, traffic) as url, sync_playwright() as playwright:
        for _ in range(runs):
            for tool, measure in (("validator", first_result), ("planner", first_plan)):
                with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
                    cold, cold_bytes, cold_steps = visit(playwright, Path(profile), url, traffic, measure)
                    warm, warm_bytes, warm_steps = visit(playwright, Path(profile), url, traffic, measure)
                figures[tool]["cold"].append(cold)
                figures[tool]["warm"].append(warm)
                figures["bytes"][tool] = {"cold": cold_bytes, "warm": warm_bytes}
                figures.setdefault("steps", {})[tool] = {"cold": _steps(cold_steps), "warm": _steps(warm_steps)}
        figures["content_pages_pyodide_bytes"] = content_pages(playwright, url, traffic)
        for network in networks or []:
            figures.setdefault("networks", {})[network] = throttled(playwright, url, traffic, network)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the raw figures as JSON")
    parser.add_argument("--network", default="", help="also measure on emulated networks: slow4g,400k")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            print("Building the site…", file=sys.stderr)
            build_site(site, "http://127.0.0.1/")
        figures = run(site.resolve(), args.runs, [name for name in args.network.split(",") if name])

    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"Tools benchmark: headless Chromium, {os.cpu_count()} cores, {args.runs} runs, median (min–max)")
    ok = True
    for tool, label in (("validator", "navigation → first validator result"), ("planner", "navigation → first plan")):
        for temperature in ("cold", "warm"):
            values = figures[tool][temperature]
            median = statistics.median(values)
            verdict = "ok" if median <= TARGETS[temperature] else "OVER TARGET"
            ok &= median <= TARGETS[temperature]
            print(f"  {label:40} {temperature}: {median:5.2f} s ({min(values):.2f}–{max(values):.2f})"
                  f"  target ≤ {TARGETS[temperature]:.0f} s  {verdict}")
        sent = figures["bytes"][tool]
        print(f"  {'':40} bytes sent: cold {sent['cold'] / 1e6:.2f} MB, warm {sent['warm'] / 1e3:.1f} kB")
        for temperature, steps in figures.get("steps", {}).get(tool, {}).items():
            print(f"  {'':40} {temperature} steps (ms): {steps}")
    for network, result in figures.get("networks", {}).items():
        print(f"  {network}: {result}")
    pages = figures["content_pages_pyodide_bytes"]
    print(f"  content pages, Pyodide/tool bytes: {pages}")
    ok &= all(value == 0 for value in pages.values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
