"""A trimmed copy of Pyodide's standard library: only the files the tools import.

Pyodide's ``python_stdlib.zip`` (2.5 MB, already deflated, so a server cannot shrink it further)
holds the whole standard library; the tools import about a quarter of it. At build time
:func:`trimmed_stdlib` runs ``scripts/stdlib_exercise.py`` under Pyodide in Node
(``scripts/pyodide_stdlib.mjs``) with the whole library, writes a zip with only the files that run
imported (plus :data:`ALWAYS`), runs the exercise again with that zip and fails the build unless
the answers are the same. The worker passes the zip to ``loadPyodide`` as ``stdLibURL``.

The result is cached in ``.cache/pyodide-site/stdlib``, keyed by the runtime, the wheels, the
exercise and this file, so an unchanged build does not start Node. The members are deflated with
zopfli (about 4 % smaller than zlib's best, some 35 kB; 12 seconds, once), so the zip is small
from any host: storing them and leaving compression to the ``.br``/``.gz`` copies would save more
where a host sends those, but a host that sends neither (most do not compress zips) would then
send 3.3 MB instead of 0.83 MB.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "scripts" / "pyodide_stdlib.mjs"
LOADER = ROOT / "scripts" / "pyodide_node.mjs"   # what RUNNER imports
EXERCISE = ROOT / "scripts" / "stdlib_exercise.py"
FULL_NAME = "python_stdlib.zip"

# Kept whatever the exercise imports: codecs a CSV file may be read with (by name or alias).
ALWAYS = frozenset({
    "encodings/__init__.py", "encodings/aliases.py", "encodings/ascii.py", "encodings/latin_1.py",
    "encodings/utf_8.py", "encodings/utf_8_sig.py", "encodings/cp932.py", "encodings/shift_jis.py",
    "encodings/utf_16.py", "encodings/utf_16_le.py", "encodings/utf_16_be.py",
})
DOS_DATE = (2020 - 1980) << 9 | 1 << 5 | 1   # 2020-01-01 00:00: the same input gives the same bytes
UNIX_FILE = 0o100644 << 16


class TrimError(RuntimeError):
    """The trimmed library does not give the tools' answers (or Pyodide could not run)."""


def run_exercise(pyodide_dir: Path, wheels: list[Path], stdlib: Path | None = None) -> dict:
    """Run the exercise under Pyodide in Node; return ``{"answers": ..., "modules": [...]}``."""
    node = shutil.which("node")
    if node is None:
        raise TrimError("node is not installed (scripts/setup installs it)")
    command = [node, str(RUNNER), "--pyodide", str(pyodide_dir), "--exercise", str(EXERCISE)]
    if stdlib is not None:
        command += ["--stdlib", str(stdlib)]
    for wheel in wheels:
        command += ["--wheel", str(wheel)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or len(lines) != 1:
        errors = [line.removeprefix("ERROR ") for line in done.stderr.splitlines() if line.startswith("ERROR ")]
        raise TrimError(f"the Pyodide exercise failed: {errors[-1] if errors else done.stderr.strip()[-1000:]}")
    return json.loads(lines[0].removeprefix("RESULT "))


def deflate(data: bytes) -> bytes:
    """Raw DEFLATE of *data*, as a zip member holds it, made with zopfli."""
    import zopfli.zlib

    return zopfli.zlib.compress(data, numiterations=1)[2:-4]  # without the zlib header and checksum


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A zip archive of *members* (name, content), each deflated by :func:`deflate`.

    Written by hand because :mod:`zipfile` compresses with zlib only; read back with zipfile to check.
    """
    body, directory = bytearray(), bytearray()
    for name, data in members:
        raw_name, packed, crc = name.encode("ascii"), deflate(data), zlib.crc32(data)
        sizes = (crc, len(packed), len(data), len(raw_name))
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, DOS_DATE, *sizes, 0) + raw_name + packed
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0, 8, 0, DOS_DATE, *sizes,
                                 0, 0, 0, 0, UNIX_FILE, offset) + raw_name
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), len(body), 0)
    archive = bytes(body + directory + end)
    with zipfile.ZipFile(io.BytesIO(archive)) as check:
        if check.testzip() is not None or [(i.filename, check.read(i)) for i in check.infolist()] != members:
            raise TrimError("the trimmed library's zip does not read back")
    return archive


def write_zip(full: Path, members: set[str], target: Path) -> None:
    """Write *members* of the zip *full* to *target*: sorted, deflated, with a fixed timestamp
    (the same input gives the same bytes, so the same address)."""
    with zipfile.ZipFile(full) as source:
        missing = sorted(members - set(source.namelist()))
        if missing:
            raise TrimError(f"not in {full.name}: {', '.join(missing[:10])}")
        target.write_bytes(zip_bytes([(name, source.read(name)) for name in sorted(members)]))


def cache_key(pyodide_dir: Path, wheels: list[Path]) -> str:
    """A hash of everything the trimmed zip depends on."""
    digest = hashlib.sha256()
    for path in [pyodide_dir / FULL_NAME, RUNNER, LOADER, EXERCISE, Path(__file__), *wheels]:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def trimmed_stdlib(pyodide_dir: Path, wheels: list[Path], cache_dir: Path) -> Path:
    """The trimmed, checked standard library zip for these wheels (``stdlib.<hash>.zip``)."""
    key = cache_key(pyodide_dir, wheels)[:32]
    folder = cache_dir / key
    done = sorted(folder.glob("stdlib.*.zip")) if folder.is_dir() else []
    if done:
        return done[0]
    full = run_exercise(pyodide_dir, wheels)
    members = set(full["modules"]) | ALWAYS
    scratch = cache_dir / f"{key}.tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    candidate = scratch / "stdlib.zip"
    write_zip(pyodide_dir / FULL_NAME, members, candidate)
    trimmed = run_exercise(pyodide_dir, wheels, candidate)
    if trimmed["answers"] != full["answers"]:
        changed = sorted(k for k in full["answers"] if full["answers"][k] != trimmed["answers"].get(k))
        raise TrimError(f"with the trimmed standard library the tools answer differently: {', '.join(changed)}")
    name = f"stdlib.{hashlib.sha256(candidate.read_bytes()).hexdigest()[:16]}.zip"
    candidate.rename(scratch / name)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)
    return folder / name
