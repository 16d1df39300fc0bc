"""What the project installs and publishes is what was locked: Python packages by sha256
(``pip install --require-hashes``), and the Pyodide runtime files the build copies into the site
by the hashes recorded from the npm tarball that package-lock.json locks."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from site_info import ROOT

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))
import pyodide_files  # noqa: E402
import pyodide_runtime  # noqa: E402

LOCKS = ("requirements.txt", "requirements-test.txt")


def requirements(name: str) -> dict[str, list[str]]:
    """{pinned requirement: its hashes} of a pip-compile lock (continuation lines joined)."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    entries: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement, *options = line.split("--hash=")
        entries[requirement.strip()] = [option.strip() for option in options]
    return entries


@pytest.mark.parametrize("name", LOCKS)
def test_every_python_requirement_is_pinned_with_its_hashes(name):
    entries = requirements(name)
    assert len(entries) > 20
    for requirement, hashes in entries.items():
        assert re.fullmatch(r"[A-Za-z0-9._-]+==[^=\s;]+(?:\s*;.*)?", requirement), f"{name}: {requirement!r} is not an exact pin"
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", value) for value in hashes), f"{name}: {requirement}"


def test_the_test_lock_keeps_the_site_versions():
    site = set(requirements("requirements.txt"))
    assert site <= set(requirements("requirements-test.txt"))


def test_setup_installs_with_hashes_and_the_lock_names_a_command_that_exists():
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    installs = [line for line in setup.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    from_lock = [line for line in installs if '-r "$requirements"' in line]
    assert from_lock and all("--require-hashes" in line for line in from_lock)
    # The package itself (no hash possible for a local folder) brings no dependencies of its own.
    local = [line for line in installs if "-e ." in line]
    assert local and all("--no-deps" in line for line in local)
    for name in LOCKS:
        header = (ROOT / name).read_text(encoding="utf-8")[:400]
        commands = re.findall(r"(scripts/[\w./-]+\.py)", header)
        assert commands, f"{name} does not say how it is made"
        assert all((ROOT / command).is_file() for command in commands), commands
        assert (ROOT / name.replace(".txt", ".in")).is_file()


# --- The Pyodide runtime ---------------------------------------------------------------------------

def test_the_runtime_record_belongs_to_the_locked_tarball_and_matches_node_modules():
    version, integrity, hashes = pyodide_files.read_record(pyodide_runtime.RUNTIME_RECORD)
    assert (version, integrity) == pyodide_files.locked_package()
    assert integrity.startswith("sha512-")
    assert set(pyodide_runtime.RUNTIME_FILES) <= set(hashes)
    pyodide_runtime.verify_runtime_files()  # the installed runtime is the locked one


def _copy_runtime(target: Path) -> Path:
    target.mkdir()
    for name in pyodide_files.FILES:
        shutil.copyfile(pyodide_runtime.PYODIDE_DIR / name, target / name)
    return target


def test_a_changed_runtime_file_stops_the_build_with_a_clear_message(tmp_path):
    runtime = _copy_runtime(tmp_path / "pyodide")
    assert pyodide_runtime.check_runtime(runtime) == pyodide_files.locked_package()[0]
    with (runtime / "python_stdlib.zip").open("ab") as handle:
        handle.write(b"\0")  # still a valid zip: only the hash notices
    with pytest.raises(PluginError, match=r"node_modules/pyodide/python_stdlib\.zip is not the file .* "
                                          r"rm -rf node_modules && scripts/setup"):
        pyodide_runtime.check_runtime(runtime)


def test_a_record_for_another_version_stops_the_build(tmp_path):
    record = tmp_path / "pyodide-files.sha256"
    text = pyodide_runtime.RUNTIME_RECORD.read_text(encoding="utf-8")
    version = pyodide_files.locked_package()[0]
    record.write_text(text.replace(f"# pyodide {version} ", "# pyodide 0.0.1 ", 1), encoding="utf-8")
    with pytest.raises(PluginError, match=r"records pyodide 0\.0\.1 .* scripts/pyodide_files\.py"):
        pyodide_runtime.verify_runtime_files(record=record)
    with pytest.raises(PluginError, match="is missing"):
        pyodide_runtime.verify_runtime_files(record=tmp_path / "absent.sha256")
