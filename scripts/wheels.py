"""Build the wheels that Pyodide loads: this package's own and its pure-Python dependencies.

Used by ``tests/test_pyodide.py`` and, later, by the site build to publish the wheels next to the
self-hosted Pyodide. Importable::

    from scripts.wheels import build_package_wheel, fetch_dependency_wheels

or run ``python scripts/wheels.py DEST`` to put all wheels into ``DEST``.

* :func:`build_package_wheel` builds ``mynumber_guide`` in-process with hatchling's builder API.
  The wheel is reproducible: hatchling pins every file's timestamp (to ``SOURCE_DATE_EPOCH`` when it
  is set), so the same sources give byte-identical wheels.
* :func:`fetch_dependency_wheels` gets the wheels pinned with hashes in
  ``requirements-pyodide.txt`` (``pip download --no-deps --only-binary=:all: --require-hashes``,
  restricted to pure ``none-any`` wheels for Pyodide's Python). They are cached in
  ``.cache/wheels``: the network is needed only the first time, and every cached file is checked
  against its pinned hash before use.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
REQUIREMENTS: Final = ROOT / "requirements-pyodide.txt"
CACHE: Final = ROOT / ".cache" / "wheels"
# Pyodide 314.x runs CPython 3.14; only pure wheels (py3-none-any) are accepted for it.
PYODIDE_PYTHON: Final = "3.14"

_PIN_RE: Final = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


@dataclass(frozen=True)
class Pin:
    """One line of requirements-pyodide.txt: ``name==version`` and its allowed sha256 hashes."""

    name: str
    version: str
    hashes: frozenset[str]

    @property
    def wheel_prefix(self) -> str:
        """The start of the wheel's file name (PEP 427 escaping of the project name)."""
        return f"{re.sub(r'[-_.]+', '_', self.name).lower()}-{self.version}-"


def read_pins(path: Path = REQUIREMENTS) -> list[Pin]:
    """Parse a ``--require-hashes`` requirements file (pins and hashes only)."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *options = line.split()
        match = _PIN_RE.match(requirement)
        hashes = frozenset(opt.removeprefix("--hash=sha256:") for opt in options if opt.startswith("--hash=sha256:"))
        if not match or not hashes:
            raise ValueError(f"{path.name}: every line needs name==version and --hash=sha256:...: {line!r}")
        pins.append(Pin(match.group(1), match.group(2), hashes))
    return pins


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cached(pin: Pin, cache: Path) -> Path | None:
    for candidate in sorted(cache.glob(f"{pin.wheel_prefix}*-none-any.whl")):
        if _sha256(candidate) in pin.hashes:
            return candidate
    return None


def build_package_wheel(dest: Path) -> Path:
    """Build this project's wheel into *dest* (created if needed) and return its path."""
    from hatchling.builders.wheel import WheelBuilder

    dest.mkdir(parents=True, exist_ok=True)
    builder = WheelBuilder(str(ROOT))
    built = [Path(p) for p in builder.build(directory=str(dest), versions=["standard"])]
    if len(built) != 1:
        raise RuntimeError(f"expected one wheel, got {built}")
    return built[0]


def fetch_dependency_wheels(dest: Path, requirements: Path = REQUIREMENTS, cache: Path = CACHE) -> list[Path]:
    """Copy the pinned dependency wheels into *dest*, downloading into *cache* only if missing."""
    pins = read_pins(requirements)
    missing = [pin for pin in pins if _cached(pin, cache) is None]
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", str(requirements),
            "--platform", "any", "--implementation", "py", "--abi", "none",
            "--python-version", PYODIDE_PYTHON, "--dest", str(cache),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pip download failed: {done.stderr.strip().splitlines()[-1:]}")
    dest.mkdir(parents=True, exist_ok=True)
    wheels = []
    for pin in pins:
        source = _cached(pin, cache)
        if source is None:
            raise RuntimeError(f"no pure wheel of {pin.name}=={pin.version} matches its pinned hash")
        target = dest / source.name
        if source.resolve() != target.resolve():
            shutil.copyfile(source, target)
        wheels.append(target)
    return wheels


def main(argv: list[str] | None = None) -> int:
    """``python scripts/wheels.py DEST``: build and fetch every wheel Pyodide needs into DEST."""
    parser = argparse.ArgumentParser(description="Put the package wheel and its dependency wheels into DEST.")
    parser.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    for wheel in [build_package_wheel(args.dest), *fetch_dependency_wheels(args.dest)]:
        print(wheel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
