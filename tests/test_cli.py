"""The command line: JSON lines, exit statuses, readable plans, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata

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
                 "--special-permanent-resident", "--leaving-home", "no"]) == 0
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
    (["timeline", "--departure", "2026-05-07", "--returning", "special-reentry"], "needs --leaving-home yes or no"),
    (["timeline", "--departure", "2026-05-07", "--leaving-home", "maybe"], "--leaving-home: expected true or false"),
    (["timeline", "--departure", "2026-05-07", "--leaving-home", "no"], "--leaving-home no needs --returning"),
    (["timeline", "--departure", "2026-05-07", "--left-job", "2026-05-08"], "--left-job must be on or before"),
    (["timeline", "--departure", "2026-05-07", "--left-job", "May"], "--left-job: expected a date"),
    (["timeline", "--arrival", "2026-05-07", "--left-job", "2026-05-01"], "--left-job applies to a departure"),
    (["timeline", "--departure", "2026-05-07", "--today", "2026-02-30"], "--today: 2026-02-30 is not a date"),
    (["timeline", "--departure", "2026-05-07", "--today", "yesterday"], "--today: expected a date"),
    (["timeline", "--departure", "2026-05-07", "--permanent-resident", "yes"], "unrecognized arguments"),
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


def test_today_marks_passed_tasks_only_when_given(capsys):
    args = ["timeline", "--departure", "2026-05-07", "--json"]
    assert main(args) == 0
    plain = json.loads(capsys.readouterr().out)
    assert all("passed" not in task for task in plain["tasks"])
    assert main(args + ["--today", "2026-04-30"]) == 0
    marked = json.loads(capsys.readouterr().out)
    passed = {task["id"] for task in marked["tasks"] if task.get("passed")}
    # Due before 30 April: the landlord and shipping (7 April), bulky waste (23 April); the
    # moving-out visit (due 1 May) and everything later are still ahead.
    assert passed == {"landlord-notice", "shipping", "bulky-waste"}
    assert [{k: v for k, v in t.items() if k != "passed"} for t in marked["tasks"]] == plain["tasks"]
    assert main(["timeline", "--departure", "2026-05-07", "--today", "2026-04-30"]) == 0
    assert "2026-04-07                advice    shipping  [advice.shipping]  (passed)" in capsys.readouterr().out


def test_notice_instead_of_a_guessed_return_date(capsys):
    args = ["timeline", "--departure", "2027-06-15", "--returning", "special-reentry", "--leaving-home", "no"]
    assert main(args + ["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["notices"] == [{"id": "stay-expiry-needed", "field": "stay-expiry"}]
    assert "reentry-deadline" not in {task["id"] for task in result["tasks"]}
    assert result == api.timeline({"departure": "2027-06-15", "returning": "special-reentry", "leaving-home": "no"})
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("notice: stay-expiry-needed (give --stay-expiry)\n")
    assert main(args + ["--permanent-resident", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["notices"] == []
    assert [t["due"] for t in result["tasks"] if t["id"] == "reentry-deadline"] == ["2028-06-15"]


def test_left_job_options(capsys):
    assert main(["timeline", "--departure", "2027-05-21", "--left-job", "2027-04-20", "--insurance", "employer",
                 "--json"]) == 0
    tasks = {t["id"]: t for t in json.loads(capsys.readouterr().out)["tasks"]}
    assert tasks["immigration-affiliation-notice"]["due"] == "2027-05-04"
    assert tasks["join-nhi-after-job"]["due"] == tasks["join-pension-after-job"]["due"] == "2027-05-06"
    assert "health-insurance-withdrawal" in tasks


def test_help_still_works():
    done = run("timeline", "--help")
    assert done.returncode == 0 and "--reentry-permit-expiry" in done.stdout
    for option in ("--leaving-home", "--permanent-resident", "--left-job", "--today"):
        assert option in done.stdout


# --- Hardening (issue 12: F4, F5, F6) --------------------------------------------------------------

def test_an_oversize_column_is_one_line_not_a_traceback(capsys):
    assert main(["check", "--csv", "/dev/null", "--column", "9" * 5000]) == 2
    err = capsys.readouterr().err
    assert err == "mynumber-guide: error: the column index is too large\n"


def test_a_full_disk_is_one_line_and_status_2():
    for args in (["check", "123456789018"], ["timeline", "--arrival", "2026-12-05"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "mynumber_guide", *args], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr == "mynumber-guide: error: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_status_2():
    done = subprocess.run(["sh", "-c", f'exec "{sys.executable}" -m mynumber_guide check 123456789018 >&-'],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "mynumber-guide: error: standard output is closed\n"


@pytest.mark.parametrize(("kind", "json_flag"), [("numbers", []), ("csv", []), ("csv", ["--json"])])
def test_a_broken_pipe_ends_quietly_with_the_same_status(tmp_path, kind, json_flag):
    if kind == "numbers":
        args = ["check", *(["123456789019"] * 20_000)]
    else:
        path = tmp_path / "big.csv"
        path.write_text("number\n" + "123456789019\n" * 200_000, encoding="utf-8")
        args = ["check", "--csv", str(path), *json_flag]
    process = subprocess.Popen([sys.executable, "-m", "mynumber_guide", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.close()  # the reader went away before anything was written
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 2
    assert stderr == b""


@pytest.mark.parametrize("args", [
    ["timeline", "--departure", "2026-12-05", "123456789018"],
    ["timeline", "--departure", "2026-12-05", "--x", "1234-5678-9018", "5835678256246"],
    ["timeline", "--departure", "123456789018"],
    ["check", "--csv", "/nonexistent/123456789018.csv"],
    ["check", "--csv", "x.csv", "--column", "１２３４５６７８９０１８"],
    ["frobnicate", "5835678256246"],
])
def test_errors_never_repeat_a_number_from_the_arguments(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert not re.search(r"\d{12}", err.replace("-", "")), err
    assert "9018" not in err and "6246" not in err


@pytest.mark.parametrize("args", [
    ["check", "--csv", "/nonexistent/x\nforged line: ok"],
    ["timeline", "--departure", "2026-12-05", "--\x1b[31mred"],
    ["timeline", "--departure", "\x1b[31m\u202e2026\r"],
    ["timeline", "--departure", "x" * 10_000],
])
def test_errors_are_one_line_with_control_characters_escaped_and_values_cut(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.endswith("\n") and err.count("\n") == 1
    assert not any(unicodedata.category(char) in ("Cc", "Cf") for char in err[:-1]), repr(err)
    assert len(err) < 300


def test_stray_values_are_counted_not_echoed(capsys):
    assert main(["timeline", "--departure", "2026-05-07", "--colour", "red", "secret"]) == 2
    assert capsys.readouterr().err == \
        "mynumber-guide: error: unrecognized arguments: --colour, 2 other arguments (not shown)\n"
