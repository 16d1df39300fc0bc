"""MkDocs hook: publish the self-hosted Pyodide runtime and the tools' wheels with the site.

The tool pages (front matter ``pyodide: true``) run the ``mynumber_guide`` package in the reader's
browser. Everything they load comes from the site itself:

``assets/pyodide/<version>/``
    The runtime files a browser needs (``pyodide.mjs``, ``pyodide.asm.mjs``,
    ``pyodide.asm.wasm``), copied from the npm package in
    ``node_modules/pyodide`` that ``package-lock.json`` pins. The version is in the path, so the
    files never change at that address and can be cached for a year (``immutable``). Before
    anything is copied, each file's sha256 is checked against ``pyodide-files.sha256``, which
    ``scripts/pyodide_files.py`` takes from the npm tarball whose sha512 the lock holds.
``assets/pyodide/<version>/stdlib.<sha256 prefix>.zip``
    The part of the package's ``python_stdlib.zip`` the tools import, made and checked under
    Pyodide by ``scripts/stdlib_trim.py`` (0.83 MB instead of 2.5 MB); the worker passes it to
    ``loadPyodide`` as ``stdLibURL``. The whole library is not published.
``assets/wheels/<sha256 prefix>/<name>-<version>-py3-none-any.whl``
    This project's wheel (built in-process by ``scripts/wheels.py``) and the pinned dependency
    wheels (``requirements-pyodide.txt``). The folder is named after the wheel's own hash, so a
    changed wheel gets a new address even when its version number stays the same.
``assets/wheels/pyodide-lock.<sha256 prefix>.json``
    A site-local Pyodide lockfile made with the Pyodide project's ``pyodide-lock`` package
    (``add_wheels_to_spec``): it lists only our wheels, with their imports, dependencies and
    sha256, and the ABI of the pinned runtime. The worker passes it as ``lockFileURL`` and loads
    ``mynumber-guide`` by name; Pyodide fetches ``jpholiday`` as its dependency and checks both
    files against their hashes.
``_headers``
    Security headers, the worker's own policy and caching rules in the Netlify / Cloudflare
    Pages format (``security_headers.py``; ``scripts/nginx-site.conf`` has the same for nginx).

The wheels and the lockfile are prepared once per ``mkdocs`` process in ``on_config`` (templates
need the lockfile's address) and cached in ``.cache/pyodide-site``, keyed by a hash of the
package sources: ``mkdocs serve`` rebuilds do not rebuild an unchanged wheel. The files are
written to the site once, after the last language is built; unchanged runtime files are linked
rather than copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from security_headers import headers_file

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PACKAGE_LOCK = ROOT / "package-lock.json"
RUNTIME_RECORD = ROOT / "pyodide-files.sha256"  # made by scripts/pyodide_files.py
SOURCES = ROOT / "src" / "mynumber_guide"
CACHE = ROOT / ".cache" / "pyodide-site"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
PUBLISHED_FILES = RUNTIME_FILES[:3]   # the standard library is published trimmed (stdlib_trim.py)
PACKAGE = "mynumber-guide"        # what the worker asks Pyodide to load
BRIDGE_MODULE = "mynumber_guide.browser"
STALL_SECONDS = 30                # a download that gets no byte for this long has stalled
SETUP_HINT = "run scripts/setup (it runs `npm ci`, which installs the Pyodide runtime pinned in package-lock.json)"


log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class Bundle:
    """What the build publishes for the tools, and where (paths relative to the site root)."""

    version: str
    runtime_dir: str              # assets/pyodide/<version>/
    lockfile: str                 # assets/wheels/pyodide-lock.<hash>.json
    staging: Path                 # folder holding <hash>/<wheel> folders and the lockfile
    wheel_dirs: tuple[str, ...]   # <hash> folders under assets/wheels/
    download_bytes: int           # what a first visit downloads (uncompressed)
    files: tuple[tuple[str, int], ...] = ()  # every file the worker downloads, in order, with its size
    stdlib: Path | None = None    # the trimmed standard library (in .cache), published in runtime_dir

    def page_config(self) -> dict[str, object]:
        """The site-root-relative addresses the tool pages pass to the worker.

        ``files`` lets the worker download the runtime itself before starting it, so that it can
        show bytes of total and notice a stalled download (``stallSeconds`` without a byte)
        instead of giving up after a fixed time; Pyodide then reads the files from the cache.
        """
        return {
            "indexURL": self.runtime_dir,
            "stdLibURL": self.runtime_dir + self.stdlib.name if self.stdlib else None,
            "lockFileURL": self.lockfile,
            "packages": [PACKAGE],
            "module": BRIDGE_MODULE,
            "downloadBytes": self.download_bytes,
            "files": [{"url": url, "bytes": size} for url, size in self.files],
            "stallSeconds": STALL_SECONDS,
        }


_bundle: Bundle | None = None


def pinned_pyodide_version(package_lock: Path = PACKAGE_LOCK) -> str:
    """The exact version of ``pyodide`` that package-lock.json pins."""
    lock = json.loads(package_lock.read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/pyodide"]["version"]


def check_runtime(pyodide_dir: Path = PYODIDE_DIR, package_lock: Path = PACKAGE_LOCK) -> str:
    """Return the installed runtime's version; fail clearly if it is missing or not the pinned one."""
    manifest = pyodide_dir / "package.json"
    missing = [name for name in RUNTIME_FILES if not (pyodide_dir / name).is_file()]
    if not manifest.is_file() or missing:
        raise PluginError(
            f"The Pyodide runtime for the tool pages is missing ({pyodide_dir}"
            f"{': no ' + ', '.join(missing) if manifest.is_file() else ''}): {SETUP_HINT}."
        )
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    pinned = pinned_pyodide_version(package_lock)
    if installed != pinned:
        raise PluginError(f"node_modules has pyodide {installed} but package-lock.json pins {pinned}: {SETUP_HINT}.")
    verify_runtime_files(pyodide_dir, package_lock)
    return installed


def verify_runtime_files(pyodide_dir: Path = PYODIDE_DIR, package_lock: Path = PACKAGE_LOCK,
                         record: Path = RUNTIME_RECORD) -> None:
    """Fail unless the installed runtime files are those of the tarball that package-lock.json locks.

    npm checks the tarball's sha512 (the lock's ``integrity``) when it installs, but not the
    unpacked files later. ``pyodide-files.sha256`` holds the sha256 of each file the build uses,
    taken from inside that tarball by ``scripts/pyodide_files.py``, with the version and
    integrity it was made for.
    """
    files = _scripts_module("pyodide_files")
    if not record.is_file():
        raise PluginError(f"{record.name} is missing: run {files.COMMAND} to record the Pyodide runtime's hashes.")
    version, integrity, hashes = files.read_record(record)
    locked = files.locked_package(package_lock)
    if (version, integrity) != locked:
        raise PluginError(
            f"{record.name} records pyodide {version} ({integrity or 'no integrity'}) but package-lock.json "
            f"locks {locked[0]} ({locked[1]}): run {files.COMMAND} after changing the locked version."
        )
    for name in files.FILES:
        expected = hashes.get(name)
        if expected is None:
            raise PluginError(f"{record.name} has no hash for {name}: run {files.COMMAND}.")
        path = pyodide_dir / name
        if not path.is_file() or _sha256(path) != expected:
            raise PluginError(
                f"node_modules/pyodide/{name} is not the file of pyodide {version} that package-lock.json "
                f"locks (its sha256 differs from {record.name}): it was changed after npm installed it. "
                f"Reinstall the runtime: rm -rf node_modules && scripts/setup"
            )


def sources_key(sources: Path = SOURCES, project: Path = ROOT) -> str:
    """A hash of everything that goes into this project's wheel."""
    digest = hashlib.sha256()
    files = [project / "pyproject.toml"] + sorted(
        path for path in sources.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    )
    for path in files:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _content_addressed(wheel: Path, staging: Path) -> Path:
    """Put *wheel* into ``staging/<first 16 hex digits of its sha256>/`` and return the new path."""
    folder = staging / _sha256(wheel)[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / wheel.name
    if not target.exists():
        shutil.copyfile(wheel, target)
    return target


def _scripts_module(name: str):
    """Import ``scripts/<name>.py``."""
    import importlib

    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module(name)


def _wheels_module():
    return _scripts_module("wheels")  # scripts/wheels.py


def package_wheel(staging: Path, key: str) -> Path:
    """This project's wheel for the sources with hash *key*, built only when not cached."""
    record = CACHE / f"package-{key[:32]}.txt"
    if record.is_file():
        cached = staging / record.read_text(encoding="utf-8").strip()
        if cached.is_file():
            return cached
    with tempfile.TemporaryDirectory(prefix="wheel-", dir=CACHE) as scratch:
        built = _wheels_module().build_package_wheel(Path(scratch))
        target = _content_addressed(built, staging)
    record.write_text(target.relative_to(staging).as_posix(), encoding="utf-8")
    return target


def dependency_wheels(staging: Path) -> list[Path]:
    """The pinned dependency wheels (from .cache/wheels; downloaded once by scripts/wheels.py)."""
    with tempfile.TemporaryDirectory(prefix="deps-", dir=CACHE) as scratch:
        try:
            fetched = _wheels_module().fetch_dependency_wheels(Path(scratch))
        except RuntimeError as error:
            raise PluginError(f"Could not get the dependency wheels for the tool pages ({error}): {SETUP_HINT}.") from error
        return [_content_addressed(wheel, staging) for wheel in fetched]


def _check_names(spec) -> None:
    """Each wheel's file name (in its hash folder) must match its package's name and version."""
    from packaging.utils import canonicalize_name, canonicalize_version, parse_wheel_filename

    for key, package in spec.packages.items():
        name, version, _, _ = parse_wheel_filename(Path(package.file_name).name)
        if canonicalize_name(name) != canonicalize_name(package.name) or \
                canonicalize_version(version) != canonicalize_version(package.version):
            raise PluginError(f"lockfile entry {key!r} does not match its wheel {package.file_name}")


def write_lockfile(wheels: list[Path], staging: Path, pyodide_dir: Path, version: str) -> Path:
    """Write a lockfile listing only *wheels* for the runtime in *pyodide_dir*; return its path."""
    from pyodide_lock import InfoSpec, PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    # pyodide-lock's model predates the 314 lockfile's extra "tool" fields, so only the runtime's
    # "info" is taken over (its abi_version must match the runtime's, which Pyodide checks).
    runtime_info = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    info = InfoSpec(**{**runtime_info, "version": version})
    spec = add_wheels_to_spec(PyodideLockSpec(info=info, packages={}), wheels, base_path=staging)
    _check_names(spec)
    if PACKAGE not in spec.packages:
        raise PluginError(f"the lockfile has no {PACKAGE!r} package: {sorted(spec.packages)}")
    text = json.dumps(spec.model_dump(), indent=1, sort_keys=True) + "\n"
    target = staging / f"pyodide-lock.{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
    if not target.exists():
        target.write_text(text, encoding="utf-8")
    return target


def prune(staging: Path, keep: set[str], older_than_days: float = 7) -> None:
    """Remove cached wheels and lockfiles not in *keep* and unused for a week (other checkouts or
    builds running at the same time may still use recent ones)."""
    import time

    limit = time.time() - older_than_days * 86400
    for entry in staging.iterdir():
        if entry.name in keep or entry.stat().st_mtime > limit:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def prepare_bundle(pyodide_dir: Path = PYODIDE_DIR) -> Bundle:
    """Check the runtime, build or reuse the wheels and the lockfile, and say where they go."""
    version = check_runtime(pyodide_dir)
    staging = CACHE / "wheels"
    staging.mkdir(parents=True, exist_ok=True)
    wheels = [package_wheel(staging, sources_key()), *dependency_wheels(staging)]
    lockfile = write_lockfile(wheels, staging, pyodide_dir, version)
    prune(staging, {wheel.parent.name for wheel in wheels} | {lockfile.name})
    try:
        stdlib = _scripts_module("stdlib_trim").trimmed_stdlib(pyodide_dir, wheels, CACHE / "stdlib")
    except RuntimeError as error:
        raise PluginError(f"Could not make the tools' trimmed standard library: {error}") from error
    runtime_dir = f"assets/pyodide/{version}/"
    files = (
        *((runtime_dir + name, (pyodide_dir / name).stat().st_size) for name in PUBLISHED_FILES),
        (runtime_dir + stdlib.name, stdlib.stat().st_size),
        (f"assets/wheels/{lockfile.name}", lockfile.stat().st_size),
        *((f"assets/wheels/{wheel.parent.name}/{wheel.name}", wheel.stat().st_size) for wheel in wheels),
    )
    return Bundle(
        version=version,
        runtime_dir=runtime_dir,
        lockfile=f"assets/wheels/{lockfile.name}",
        staging=staging,
        wheel_dirs=tuple(sorted({wheel.parent.name for wheel in wheels})),
        download_bytes=sum(size for _, size in files),
        files=files,
        stdlib=stdlib,
    )


def _same(source: Path, target: Path) -> bool:
    if not target.exists():
        return False
    a, b = source.stat(), target.stat()
    return a.st_size == b.st_size and (a.st_ino == b.st_ino or int(a.st_mtime) == int(b.st_mtime))


def _publish(source: Path, target: Path) -> None:
    """Put *source* at *target*: a hard link where possible (instant), else a copy."""
    if _same(source, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def publish(bundle: Bundle, site_dir: Path, pyodide_dir: Path = PYODIDE_DIR) -> None:
    """Write the runtime, the wheels, the lockfile and ``_headers`` into *site_dir*."""
    for name in PUBLISHED_FILES:
        _publish(pyodide_dir / name, site_dir / bundle.runtime_dir / name)
    if bundle.stdlib is not None:
        _publish(bundle.stdlib, site_dir / bundle.runtime_dir / bundle.stdlib.name)
    wheels_dir = site_dir / "assets" / "wheels"
    for folder in bundle.wheel_dirs:
        for wheel in (bundle.staging / folder).glob("*.whl"):
            _publish(wheel, wheels_dir / folder / wheel.name)
    lockfile = Path(bundle.lockfile).name
    _publish(bundle.staging / lockfile, wheels_dir / lockfile)
    (site_dir / "_headers").write_text(headers_file(), encoding="utf-8")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _bundle
    CACHE.mkdir(parents=True, exist_ok=True)
    _bundle = prepare_bundle()
    log.debug("Pyodide %s and wheels %s ready for the tool pages", _bundle.version, _bundle.wheel_dirs)
    return config


def on_env(env, config: MkDocsConfig, files):
    if _bundle is None:
        raise PluginError("pyodide_runtime.py: on_config did not run")
    env.globals["pyodide_page_config"] = _bundle.page_config()
    return env


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # a nested per-language build: publish once, after the last one
    if _bundle is not None:
        publish(_bundle, Path(config.site_dir))
