"""CPython and Pyodide agree: the timeline scenarios, the check-digit vectors and CSV files.

Builds the package wheel (scripts/wheels.py, hatchling in-process) and takes the pinned jpholiday
wheel (downloaded once into .cache/wheels), then runs tests/pyodide/run_scenarios.mjs in Node with
the Pyodide from node_modules (``npm ci``). Missing Node or Pyodide is a failure, not a skip: CI
installs both.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import csv_fixtures
from mynumber_guide import api

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from stdlib_trim import ALWAYS, TrimError, run_exercise, trimmed_stdlib, write_zip  # noqa: E402
from wheels import build_package_wheel, fetch_dependency_wheels, read_pins  # noqa: E402

DATA = Path(__file__).parent / "data"
SCENARIOS = DATA / "timeline_scenarios.json"
VECTORS = DATA / "checkdigit-public.json"
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = Path(__file__).parent / "pyodide" / "run_scenarios.mjs"

CSV_SAMPLES = {
    "sjis.csv": "社員,マイナンバー\nA,１２３４－５６７８－９０１８\nB,123456789019\nC,\n".encode("cp932"),
    "bom.csv": "\ufeffnumber\n5835678256246\n58356782562\n".encode("utf-8"),
    "utf16.csv": "number\n123\n".encode("utf-16"),
    "stray_quote.csv": csv_fixtures.stray_quote(),
    "mixed.csv": csv_fixtures.cp932_header_utf8_body(),
    "many_invalid.csv": csv_fixtures.many_invalid(),
    # Numbers under a マイナンバー header in column C, one written with no-break spaces.
    "hr_export.csv": "社員番号,氏名,マイナンバー\nE1,田中,6214\u00a09832\u00a00257\nE2,鈴木,123456789019\n".encode("utf-8"),
}

pytestmark = pytest.mark.pyodide


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> list[Path]:
    dest = tmp_path_factory.mktemp("wheels")
    return [build_package_wheel(dest), *fetch_dependency_wheels(dest)]


@pytest.fixture(scope="module")
def trimmed(wheels) -> Path:
    """The trimmed standard library the site publishes (made and checked as the build does)."""
    return trimmed_stdlib(PYODIDE, wheels, ROOT / ".cache" / "pyodide-site" / "stdlib")


@pytest.fixture(scope="module")
def pyodide_results(wheels, trimmed, tmp_path_factory) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the Pyodide test needs Node.js 20 (CI installs it)", pytrace=False)
    if not (PYODIDE / "pyodide.mjs").is_file():
        pytest.fail(f"{PYODIDE} is missing: run `npm ci` in {ROOT} (package-lock.json pins pyodide)", pytrace=False)
    csv_dir = tmp_path_factory.mktemp("csv")
    command = [node, str(RUNNER), "--pyodide", str(PYODIDE), "--stdlib", str(trimmed),
               "--scenarios", str(SCENARIOS), "--vectors", str(VECTORS)]
    for wheel in wheels:
        command += ["--wheel", str(wheel)]
    for name, data in CSV_SAMPLES.items():
        (csv_dir / name).write_bytes(data)
        command += ["--csv", str(csv_dir / name)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
    if done.returncode != 0:
        pytest.fail(f"Pyodide runner failed ({done.returncode}):\n{done.stderr[-4000:]}", pytrace=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert len(lines) == 1, done.stdout[-2000:]
    results = json.loads(lines[0].removeprefix("RESULT "))
    results["csv"] = {Path(name).name: value for name, value in results["csv"].items()}
    return results


def test_it_really_ran_on_pyodide(pyodide_results):
    assert pyodide_results["platform"] == "emscripten"
    assert pyodide_results["python"].startswith("3.14")


def test_it_ran_on_the_trimmed_standard_library(pyodide_results, trimmed):
    """Every scenario below ran with only the library files the site publishes: a third of the size."""
    with zipfile.ZipFile(trimmed) as published, zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as whole:
        assert pyodide_results["stdlib_files"] == sorted(published.namelist())
        assert set(published.namelist()) < set(whole.namelist())
        assert ALWAYS <= set(published.namelist())
    assert trimmed.stat().st_size < (PYODIDE / "python_stdlib.zip").stat().st_size / 2
    assert not {"unittest/__init__.py", "email/parser.py", "http/client.py"} & set(pyodide_results["stdlib_files"])


def test_timeline_scenarios_agree(pyodide_results):
    scenarios = json.loads(SCENARIOS.read_text(encoding="utf-8"))["scenarios"]
    assert set(pyodide_results["timeline"]) == {s["name"] for s in scenarios}
    for scenario in scenarios:
        assert pyodide_results["timeline"][scenario["name"]] == api.timeline(scenario["params"]), scenario["name"]


def test_check_digit_vectors_agree(pyodide_results):
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert pyodide_results["check"] == [api.check_number(v["input"]) for v in vectors]
    for got, vector in zip(pyodide_results["check"], vectors):
        assert all(got[key] == value for key, value in vector.items())


def test_csv_checks_agree(pyodide_results):
    for name, data in CSV_SAMPLES.items():
        assert pyodide_results["csv"][name] == api.check_csv(data, None), name
    assert pyodide_results["csv"]["sjis.csv"]["encoding"] == "cp932"
    assert pyodide_results["csv"]["utf16.csv"] == {"error": {"code": "unknown_encoding", "field": "file", "line": 1}}
    assert pyodide_results["csv"]["stray_quote.csv"]["error"]["code"] == "invalid_csv"
    assert pyodide_results["csv"]["mixed.csv"]["error"]["code"] == "mixed_encoding"
    assert len(pyodide_results["csv"]["many_invalid.csv"]["invalid_rows"]) == 1000
    hr_export = pyodide_results["csv"]["hr_export.csv"]
    assert (hr_export["column_letter"], hr_export["column_from_header"], hr_export["column_name"]) == \
        ("C", True, "マイナンバー")
    assert (hr_export["valid"], hr_export["invalid_rows"]) == (1, [{"row": 3, "error": "check_digit"}])


def test_package_wheel_is_reproducible_and_complete(wheels, tmp_path):
    again = build_package_wheel(tmp_path)
    assert again.name == wheels[0].name
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(wheels[0].read_bytes()).digest()
    names = zipfile.ZipFile(again).namelist()
    assert "mynumber_guide/facts.toml" in names and "mynumber_guide/api.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_dependency_wheels_are_pure_and_pinned(wheels):
    pins = read_pins()
    assert [p.name for p in pins] == ["jpholiday"]
    for pin, wheel in zip(pins, wheels[1:]):
        assert wheel.name.endswith("-py3-none-any.whl")
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() in pin.hashes
    # CPython (requirements.txt) and Pyodide (requirements-pyodide.txt) must use the same release.
    locked = {line.split(" ", 1)[0] for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()}
    assert all(f"{pin.name}=={pin.version}" in locked for pin in pins)


def test_a_library_missing_a_module_the_tools_need_is_caught(wheels, trimmed, tmp_path):
    """What the build's check rests on: without csv.py the exercise stops with the missing module
    named, so the build fails rather than publish a library the planner cannot start on."""
    with zipfile.ZipFile(trimmed) as published:
        needed = set(published.namelist())
    assert "csv.py" in needed
    broken = tmp_path / "stdlib.zip"
    write_zip(PYODIDE / "python_stdlib.zip", needed - {"csv.py"}, broken)
    with pytest.raises(TrimError, match="ModuleNotFoundError: No module named 'csv'"):
        run_exercise(PYODIDE, wheels, broken)
