"""Benchmark the package: ``check --csv`` over 100 000 rows and 1 000 timelines.

Not a test: run it by hand and record the figures (``python scripts/bench_package.py``). It
writes a synthetic CSV (made-up numbers only: a mix of valid and invalid individual and corporate
numbers, with and without dashes) to a temporary directory, then times

* ``python -m mynumber_guide check --csv FILE`` end to end in a subprocess (interpreter start-up
  included), best of ``--repeat`` runs;
* the same check in-process (``csvcheck.check_stream``);
* 1 000 departure and arrival timelines in-process (``api.timeline``).

and prints a Markdown table. Target: 100 000 rows in under one second on CPython.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from mynumber_guide.api import timeline
from mynumber_guide.checkdigit import complete_corporate, complete_individual
from mynumber_guide.csvcheck import check_stream


def synthetic_rows(count: int, seed: int = 20261126) -> list[str]:
    """*count* CSV lines ``employee,number``: about 80 % valid, the rest with typical mistakes."""
    rng = random.Random(seed)
    lines = ["employee,my_number"]
    for i in range(count):
        corporate = rng.random() < 0.2
        number = (complete_corporate(f"{rng.randrange(10**12):012d}") if corporate
                  else complete_individual(f"{rng.randrange(10**11):011d}"))
        roll = rng.random()
        if roll < 0.05:  # wrong check digit
            number = number[:-1] + str((int(number[-1]) + 1) % 10) if not corporate \
                else str(int(number[0]) % 9 + 1) + number[1:]
        elif roll < 0.08:  # a digit lost
            number = number[:-1]
        elif roll < 0.10:  # a letter typed
            number = number[:5] + "O" + number[6:]
        elif roll < 0.30:  # written with dashes
            number = f"{number[:4]}-{number[4:8]}-{number[8:]}"
        lines.append(f"E{i:06d},{number}")
    return lines


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """Best wall-clock time of *repeat* calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--timelines", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "numbers.csv"
        path.write_text("\n".join(synthetic_rows(args.rows)) + "\n", encoding="utf-8")
        command = [sys.executable, "-m", "mynumber_guide", "check", "--csv", str(path)]
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")

        def run_cli() -> None:
            done = subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=False)
            if done.returncode not in (0, 1):
                raise SystemExit(f"check --csv failed with status {done.returncode}")

        def run_in_process() -> None:
            with path.open("rb") as handle:
                check_stream(handle, None, keep_rows=True)

        startup = best_of(args.repeat, lambda: subprocess.run(
            [sys.executable, "-c", "import mynumber_guide.cli"], env=env, check=True))
        cli = best_of(args.repeat, run_cli)
        in_process = best_of(args.repeat, run_in_process)

    start = dt.date(2025, 1, 1)
    params = []
    for i in range(args.timelines):
        day = (start + dt.timedelta(days=i * 7 % 1460)).isoformat()
        params.append({"departure": day, "returning": ("no", "special-reentry", "reentry-permit")[i % 3],
                       "reentry-permit-expiry": "2030-01-01", "pension-months": "24", "tax-agent": "true"}
                      if i % 2 else {"arrival": day})

    def run_timelines() -> None:
        for p in params:
            if "error" in timeline(p):
                raise SystemExit(f"timeline failed for {p}")

    timelines = best_of(args.repeat, run_timelines)
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs, best of {args.repeat}\n")
    print("| benchmark | time | per item |")
    print("|---|---:|---:|")
    print(f"| interpreter + import (`python -c 'import mynumber_guide.cli'`) | {startup * 1000:.0f} ms | |")
    print(f"| `check --csv` {args.rows:,} rows, subprocess end to end | {cli * 1000:.0f} ms "
          f"| {cli / args.rows * 1e6:.2f} µs |")
    print(f"| `check_stream` {args.rows:,} rows, in process | {in_process * 1000:.0f} ms "
          f"| {in_process / args.rows * 1e6:.2f} µs |")
    print(f"| `api.timeline` × {args.timelines:,} (half departures, half arrivals) | {timelines * 1000:.0f} ms "
          f"| {timelines / args.timelines * 1e6:.0f} µs |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
