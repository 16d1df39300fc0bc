"""Property tests: the whole command line, driven with arbitrary arguments, never misbehaves.

Whatever the arguments, ``main`` returns 0, 1 (a check found an invalid number) or 2, never
raises, and on failure writes exactly one line to standard error: no control characters, no
traceback, and no run of 12 or 13 digits that was in the arguments (it could be a My Number).
Most cases run in-process (``cli.main(argv)``); a few run the real interpreter with random bytes.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import csv_fixtures
from mynumber_guide.cli import main

TOKENS = ["check", "timeline", "--csv", "--column", "--json", "--departure", "--arrival", "--returning",
          "--stay-expiry", "--reentry-permit-expiry", "--insurance", "--pension-months", "--notice-months",
          "--tax-agent", "--special-permanent-resident", "-h", "--", "-", "2026-12-05", "2026-02-30",
          "123456789018", "123456789019", "5835678256246", "1234-5678-9018", "１２３４５６７８９０１８",
          "special-reentry", "reentry-permit", "nhi", "employer", "0", "12", "9" * 50, "\x1b[31m", "a\nb",
          "\u202e", "\r"]
NUMBER_RUN = re.compile(r"\d{12,13}")
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


def numbers_in(argv: list[str]) -> set[str]:
    """Every run of exactly 12 or 13 digits (of any script) in the arguments."""
    runs = set()
    for arg in argv:
        for run in re.findall(r"\d+", arg):
            if len(run) in (12, 13):
                runs.add(run)
    return runs


def assert_well_behaved(argv: list[str], status: int, stderr: str) -> None:
    assert status in (0, 1, 2), (argv, status)
    if status != 2:
        assert stderr == "", (argv, stderr)
        return
    if stderr == "":  # only a broken pipe is silent, and there is none in-process
        raise AssertionError((argv, "status 2 without a message"))
    assert stderr.endswith("\n") and stderr.count("\n") == 1, (argv, stderr)
    line = stderr[:-1]
    assert line.startswith("mynumber-guide: error: "), line
    assert "unexpected internal error" not in line, (argv, line)
    assert not any(unicodedata.category(char) in UNSAFE for char in line), (argv, line)
    for number in numbers_in(argv):
        assert number not in line, (argv, line)
    assert len(line) < 300


arguments = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=30)), max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=arguments)
def test_arbitrary_arguments(argv):
    # --csv paths are random text: relative names that do not exist (or a folder), never a device.
    argv = ["./" + arg if prev == "--csv" and arg.startswith("/") else arg for prev, arg in zip([""] + argv, argv)]
    status, _, stderr = run_in_process(argv)
    assert_well_behaved(argv, status, stderr)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(list(csv_fixtures.CASES)),
       column=st.one_of(st.none(), st.sampled_from(["1", "3", "0", "id", "My Number", "9" * 4400, "", " "]),
                        st.text(max_size=12)),
       json_flag=st.booleans())
def test_arbitrary_columns_on_the_probe_files(tmp_path_factory, name, column, json_flag):
    folder = tmp_path_factory.getbasetemp() / "cli-properties"
    if not folder.exists():
        folder.mkdir()
        csv_fixtures.write_all(folder)
    argv = ["check", "--csv", str(folder / name), *(["--column", column] if column is not None else []),
            *(["--json"] if json_flag else [])]
    status, _, stderr = run_in_process(argv)
    assert_well_behaved(argv, status, stderr)
    expected = csv_fixtures.EXPECTED[name]
    if expected[0] == "error" and expected[1] != "ambiguous_column":  # malformed whatever the column
        assert status == 2


@settings(max_examples=12, deadline=None)
@given(argv=st.lists(st.binary(min_size=0, max_size=20).filter(lambda b: b"\x00" not in b), max_size=4))
def test_random_bytes_through_the_real_interpreter(argv):
    command = [sys.executable, "-m", "mynumber_guide", "timeline", *argv]
    done = subprocess.run(command, capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    decoded = [os.fsdecode(arg) for arg in argv]
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert_well_behaved(decoded, done.returncode, stderr)
