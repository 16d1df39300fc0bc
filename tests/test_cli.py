"""The command line: JSON lines, exit statuses, readable plans, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mynumber_guide import api
from mynumber_guide.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mynumber_guide", *args], capture_output=True, text=True, timeout=60)


def test_check_prints_one_json_object_per_number():
    done = run("check", "123456789018", "１２３４－５６７８－９０１９", "5-8356-7825-6246", "")
    assert done.returncode == 1  # one of them is invalid
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [list(line) for line in lines] == [["input", "normalized", "kind", "valid", "error", "expected_check_digit"]] * 4
    assert lines[0] == {"input": "123456789018", "normalized": "123456789018", "kind": "individual", "valid": True,
                        "error": None, "expected_check_digit": None}
    assert lines[1]["input"] == "１２３４－５６７８－９０１９"
    assert (lines[1]["error"], lines[1]["expected_check_digit"]) == ("check_digit", 8)
    assert (lines[2]["kind"], lines[2]["valid"]) == ("corporate", True)
    assert lines[3]["error"] == "empty"
    assert lines == [api.check_number(n) for n in ("123456789018", "１２３４－５６７８－９０１９", "5-8356-7825-6246", "")]


def test_check_exit_zero_when_all_valid():
    done = run("check", "123456789018", "7123456789012")
    assert done.returncode == 0 and done.stderr == ""


def test_console_script_is_installed():
    import shutil
    script = shutil.which("mynumber-guide", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert script, "pip install -e . should install the mynumber-guide script"
    done = subprocess.run([script, "check", "123456789018"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["valid"] is True


def test_timeline_json_equals_the_api():
    params = {"departure": "2026-09-24", "tax-agent": "true", "insurance": "employer", "pension-months": "12"}
    done = run("timeline", "--departure", "2026-09-24", "--tax-agent", "--insurance", "employer",
               "--pension-months", "12", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == api.timeline(params)


def test_timeline_arrival_json(capsys):
    assert main(["timeline", "--arrival", "2026-04-22", "--json"]) == 0
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert tasks[0] == {"id": "moving-in-notification", "kind": "deadline", "due": "2026-05-07",
                        "rule": "moving_in.notification",
                        "source": "https://www.isa.go.jp/en/applications/procedures/nyuukokukanri10_00022.html"}


def test_timeline_readable_list(capsys):
    assert main(["timeline", "--departure", "2026-05-07", "--returning", "special-reentry",
                 "--special-permanent-resident"]) == 0
    out = capsys.readouterr().out
    assert "2028-05-07                deadline  reentry-deadline  [reentry.special_spr]" in out
    assert "moving-out-notification" not in out
    assert "https://town.onagawa.miyagi.jp/04_02_01_eijyu.html" in out
    assert "registered_on_next_reference_day: true" in out


def test_timeline_window_is_shown(capsys):
    assert main(["timeline", "--departure", "2026-05-07"]) == 0
    assert "2026-04-23 to 2026-05-01  deadline  moving-out-notification" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "fragment"), [
    (["timeline", "--departure", "2026-02-30"], "2026-02-30 is not a date"),
    (["timeline", "--departure", "tomorrow"], "expected a date as YYYY-MM-DD"),
    (["timeline", "--departure", "2026-05-07", "--returning", "maybe"], "expected one of no, special-reentry"),
    (["timeline", "--departure", "2026-05-07", "--returning", "reentry-permit"], "needs --reentry-permit-expiry"),
    (["timeline", "--departure", "2026-05-07", "--colour", "red"], "unrecognized arguments: --colour"),
    (["timeline", "--dep", "2026-05-07"], "unrecognized arguments: --dep"),
    (["timeline", "--arrival", "2026-05-07", "--tax-agent"], "--tax-agent applies to a departure"),
    (["timeline", "--departure", "2026-05-07", "--arrival", "2026-05-01"], "not both"),
    (["timeline"], "give --departure DATE or --arrival DATE"),
    (["timeline", "--departure"], "expected one argument"),
    (["timeline", "--departure", "2026-05-07", "--notice-months", "1.5"], "whole number"),
    (["check"], "give one or more NUMBERs or --csv FILE"),
    (["check", "1", "--csv", "x.csv"], "not both"),
    (["check", "1", "--column", "2"], "--column and --json need --csv"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "the following arguments are required: COMMAND"),
])
def test_bad_input_exits_2_with_one_line(args, fragment, capsys):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("mynumber-guide: error: ")
    assert fragment in captured.err


def test_bad_input_through_the_real_interpreter_has_no_traceback():
    done = run("timeline", "--departure", "2026-02-30", "--json")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "mynumber-guide: error: --departure: 2026-02-30 is not a date in the calendar\n"


def test_help_still_works():
    done = run("timeline", "--help")
    assert done.returncode == 0 and "--reentry-permit-expiry" in done.stdout
