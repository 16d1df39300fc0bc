#!/usr/bin/env python3
"""Record the sha256 of the Pyodide runtime files that the site publishes, from the npm tarball.

    .venv/bin/python scripts/pyodide_files.py          # after changing pyodide in package-lock.json

``package-lock.json`` holds the sha512 ``integrity`` of the whole npm tarball of ``pyodide``; npm
checks it when it installs, but nothing checks the unpacked files in ``node_modules/pyodide``
afterwards, and the build copies four of them into the site. This script downloads the locked
tarball with ``npm pack``, checks it against the lock's ``integrity`` itself, and writes the
sha256 of the files the build uses (read from inside that tarball, not from ``node_modules``)
to ``pyodide-files.sha256``. At every build, ``scripts/hooks/pyodide_runtime.py`` checks that
this file belongs to the locked version and integrity and that the installed files still have
these hashes, and stops the build with a clear message if one does not.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_LOCK = ROOT / "package-lock.json"
RECORD = ROOT / "pyodide-files.sha256"
# What the build reads or publishes: the four runtime files, the runtime's own lockfile (its
# ABI goes into the site's lockfile) and the manifest (its version is checked).
FILES = ("package.json", "pyodide-lock.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
COMMAND = ".venv/bin/python scripts/pyodide_files.py"


def locked_package(package_lock: Path = PACKAGE_LOCK) -> tuple[str, str]:
    """The version and the ``integrity`` of ``pyodide`` in package-lock.json."""
    entry = json.loads(package_lock.read_text(encoding="utf-8"))["packages"]["node_modules/pyodide"]
    return entry["version"], entry["integrity"]


def sri_sha512(path: Path) -> str:
    """The Subresource-Integrity form of *path*'s sha512, as npm writes it."""
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def header(version: str, integrity: str) -> str:
    """The first lines of the record: which locked tarball the hashes come from."""
    return (f"# pyodide {version} {integrity}\n"
            f"# sha256 of the files the build uses, from the npm tarball with that integrity.\n"
            f"# Made by: {COMMAND}\n")


def read_record(record: Path = RECORD) -> tuple[str, str, dict[str, str]]:
    """Parse the record: (version, integrity, {file name: sha256})."""
    version = integrity = ""
    hashes: dict[str, str] = {}
    for line in record.read_text(encoding="utf-8").splitlines():
        if line.startswith("# pyodide "):
            version, integrity = line.split()[2:4]
        elif line and not line.startswith("#"):
            digest, name = line.split(None, 1)
            hashes[name.strip()] = digest
    return version, integrity, hashes


def hashes_from_tarball(tarball: Path) -> dict[str, str]:
    """sha256 of each of :data:`FILES` inside the npm tarball (members are under ``package/``)."""
    hashes: dict[str, str] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"pyodide_files: {name} is not a file in {tarball.name}")
            hashes[name] = hashlib.sha256(member.read()).hexdigest()
    return hashes


def main() -> int:
    """Download the locked tarball, check its integrity and write the record."""
    version, integrity = locked_package()
    with tempfile.TemporaryDirectory(prefix="pyodide-pack-") as scratch:
        subprocess.run(["npm", "pack", f"pyodide@{version}", "--pack-destination", scratch, "--silent"],
                       check=True, cwd=scratch, stdout=subprocess.DEVNULL)
        tarball = next(Path(scratch).glob("pyodide-*.tgz"))
        actual = sri_sha512(tarball)
        if actual != integrity:
            print(f"pyodide_files: the downloaded pyodide {version} is {actual}, "
                  f"but package-lock.json expects {integrity}; nothing written.", file=sys.stderr)
            return 2
        hashes = hashes_from_tarball(tarball)
    RECORD.write_text(header(version, integrity) + "".join(f"{hashes[name]}  {name}\n" for name in FILES),
                      encoding="utf-8")
    print(f"Wrote {RECORD.name} for pyodide {version}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
