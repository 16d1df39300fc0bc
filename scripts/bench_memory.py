"""Benchmark memory: ``check --csv`` on 2 million rows, and the check page on a 50 MB file.

    .venv/bin/python scripts/bench_memory.py                 # both parts; builds the site
    .venv/bin/python scripts/bench_memory.py --cli-only
    .venv/bin/python scripts/bench_memory.py --site site     # an already built site

Not a test: it prints a Markdown table to copy into the README's Benchmarks section. Every number
in the files is made up (valid ones from the check-digit functions).

Command line
    Peak resident memory (``ru_maxrss`` of the child, from ``os.wait4``) of
    ``python -m mynumber_guide check --csv FILE`` with and without ``--json``, and reading the file
    through a pipe (``--csv /dev/stdin``), for 2 000 000 rows that are all invalid and for 2 000 000
    realistic rows (one in three invalid). Target: under 100 MB.

Browser
    Headless Chromium (Playwright) on the English check page, served from the built site. After
    the worker is ready, the benchmark records the baseline memory of the whole Chromium process
    tree (the sum of PSS, from ``/proc/PID/smaps_rollup``: shared pages are counted once), uploads
    a 50 MB file, and samples the tree every 100 ms until the result is shown, then downloads the
    report. It reports the peak over the baseline (target: under 300 MB), the page's JavaScript
    heap afterwards (CDP ``Performance.getMetrics``), and the longest main-thread task while
    checking, rendering and building the report (``PerformanceObserver`` long tasks; target: under
    200 ms). Two files: realistic rows (one in three invalid) and rows that are all invalid.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import static_server  # noqa: E402
from bench_tools import CHROMIUM_ARGS, build_site, chromium  # noqa: E402

from mynumber_guide.checkdigit import complete_individual  # noqa: E402

CLI_ROWS = 2_000_000
BROWSER_BYTES = 50 * 1000 * 1000
CLI_TARGET_MB = 100
BROWSER_TARGET_MB = 300
TASK_TARGET_MS = 200


# --- Files -----------------------------------------------------------------------------------------

def write_all_invalid(path: Path, *, rows: int | None = None, size: int | None = None) -> int:
    """Rows ``x`` (one invalid cell each) under a header; by count or by size. Returns the rows."""
    count = rows if rows is not None else (size - 7) // 2
    with path.open("wb") as out:
        out.write(b"number\n")
        block = b"x\n" * 100_000
        left = count
        while left > 0:
            out.write(block[:2 * min(left, 100_000)])
            left -= 100_000
    return count


def write_realistic(path: Path, *, rows: int | None = None, size: int | None = None, seed: int = 12) -> int:
    """``employee,name,number`` rows, one in three invalid (a wrong check digit); by count or size."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("employee,name,my_number\n")
        total = 24
        while (rows is not None and written < rows) or (size is not None and total < size):
            lines = []
            for _ in range(10_000):
                number = complete_individual(f"{rng.randrange(10**11):011d}")
                if written % 3 == 2:
                    number = number[:-1] + str((int(number[-1]) + 1) % 10)
                lines.append(f"E{written:07d},Name {written % 997},{number[:4]}-{number[4:8]}-{number[8:]}\n")
                written += 1
            text = "".join(lines)
            out.write(text)
            total += len(text)
    return written


# --- Command line ------------------------------------------------------------------------------

def peak_rss_mb(command: list[str], stdin_path: Path | None = None) -> tuple[float, float, int]:
    """Run *command* with stdout to /dev/null; return (peak RSS in MB, seconds, exit status)."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink, (stdin_path.open("rb") if stdin_path else open(os.devnull, "rb")) as source:
        process = subprocess.Popen(command, stdout=sink, stdin=source, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - start, process.returncode


def bench_cli(folder: Path) -> list[tuple[str, float, float, int]]:
    files = {
        "2 M rows, all invalid": folder / "all_invalid.csv",
        "2 M realistic rows (1/3 invalid)": folder / "realistic.csv",
    }
    write_all_invalid(files["2 M rows, all invalid"], rows=CLI_ROWS)
    write_realistic(files["2 M realistic rows (1/3 invalid)"], rows=CLI_ROWS)
    base = [sys.executable, "-m", "mynumber_guide", "check"]
    results = []
    for label, path in files.items():
        size = path.stat().st_size / 1e6
        for how, command, stdin in (
            ("", base + ["--csv", str(path)], None),
            (" --json", base + ["--csv", str(path), "--json"], None),
            (" --json, piped", base + ["--csv", "/dev/stdin", "--json"], path),
        ):
            rss, seconds, status = peak_rss_mb(command, stdin)
            results.append((f"{label} ({size:.0f} MB){how}", rss, seconds, status))
    return results


# --- Browser -------------------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            tree.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return tree


def _find_browser(marker: str) -> int:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                    return int(entry)
            except OSError:
                continue
    raise SystemExit("could not find the Chromium process")


def tree_pss_mb(root: int) -> float:
    """Sum of PSS over *root* and all its descendants, in MB."""
    tree = _children()
    todo, total = [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total / 1024


class Sampler:
    """Samples the process tree's memory every 100 ms in a thread; keeps the peak."""

    def __init__(self, root: int) -> None:
        self.root, self.peak, self._stop = root, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_pss_mb(self.root))
            self._stop.wait(0.1)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


LONG_TASKS = """() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
    .observe({ type: "longtask" });
}"""


def bench_browser(site: Path, folder: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    files = {"50 MB realistic (1/3 invalid)": folder / "big_realistic.csv",
             "50 MB all invalid": folder / "big_all_invalid.csv"}
    rows = {label: 0 for label in files}
    rows["50 MB realistic (1/3 invalid)"] = write_realistic(files["50 MB realistic (1/3 invalid)"], size=BROWSER_BYTES)
    rows["50 MB all invalid"] = write_all_invalid(files["50 MB all invalid"], size=BROWSER_BYTES)
    results = []
    with static_server.serve(site) as url, sync_playwright() as playwright:
        for label, path in files.items():
            marker = f"--bench-memory-{uuid.uuid4().hex}"
            browser = playwright.chromium.launch(executable_path=chromium(), args=[*CHROMIUM_ARGS, marker])
            root = _find_browser(marker)
            page = browser.new_page(accept_downloads=True)
            page.goto(f"{url}tools/check-number/")
            page.wait_for_function("() => window.guidePython && window.guidePython.state === 'ready'", timeout=180_000)
            page.wait_for_timeout(3000)  # the planner's modules warm up after "ready"
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            baseline = tree_pss_mb(root)
            page.evaluate(LONG_TASKS)
            start = time.perf_counter()
            with Sampler(root) as sampler:
                page.set_input_files("#guide-csv-file", str(path))
                page.wait_for_selector("#csv-result [data-count='valid'], #csv-result[data-error]", timeout=600_000)
                seconds = time.perf_counter() - start
                error = page.get_attribute("#csv-result", "data-error")
                if page.query_selector("[data-csv-report]"):
                    with page.expect_download():
                        page.click("[data-csv-report]")
                page.wait_for_timeout(500)
            heap = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["JSHeapUsedSize"]
            longest = max(page.evaluate("window.__longTasks"), default=0)
            # Control: a deliberate 120 ms task must be seen, or the observer measured nothing.
            page.evaluate("() => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 120) {} })")
            page.wait_for_timeout(500)
            control = max(page.evaluate("window.__longTasks"), default=0)
            results.append({"file": label, "rows": rows[label], "seconds": seconds, "error": error,
                            "baseline": baseline, "peak_over": sampler.peak - baseline,
                            "heap": heap / 1e6, "longest_task": longest, "control": control})
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--cli-only", action="store_true")
    parser.add_argument("--browser-only", action="store_true")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as scratch:
        folder = Path(scratch)
        if not args.browser_only:
            print("| command line | peak RSS | time | exit |\n|---|---:|---:|---:|")
            for label, rss, seconds, status in bench_cli(folder):
                ok &= rss < CLI_TARGET_MB
                print(f"| {label} | {rss:.0f} MB | {seconds:.1f} s | {status} |")
            print(f"\nTarget: peak RSS under {CLI_TARGET_MB} MB.\n")
            for path in folder.glob("*.csv"):
                path.unlink()
        if not args.cli_only:
            site = args.site
            if site is None:
                site = folder / "site"
                print("Building the site…", file=sys.stderr)
                build_site(site, "http://127.0.0.1/")
            print("| check page, 50 MB upload | rows | result | time | memory over baseline (peak) "
                  "| JS heap after | longest main-thread task |\n|---|---:|---|---:|---:|---:|---:|")
            for r in bench_browser(site.resolve(), folder):
                ok &= r["peak_over"] < BROWSER_TARGET_MB and r["longest_task"] < TASK_TARGET_MS
                print(f"| {r['file']} | {r['rows']:,} | {r['error'] or 'summary'} | {r['seconds']:.1f} s "
                      f"| {r['peak_over']:.0f} MB (baseline {r['baseline']:.0f} MB) | {r['heap']:.0f} MB "
                      f"| {r['longest_task']:.0f} ms{' (none of 50 ms or more)' if not r['longest_task'] else ''} |")
                if r["control"] < 100:
                    ok = False
                    print(f"  (the long-task observer missed a 120 ms control task: {r['control']:.0f} ms)")
            print(f"\nTargets: under {BROWSER_TARGET_MB} MB over the baseline; no main-thread task over "
                  f"{TASK_TARGET_MS} ms.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
