#!/usr/bin/env python3
"""Lock the Python requirements: exact versions and the sha256 of every file, from PyPI.

    .venv/bin/python scripts/lock_requirements.py            # keep today's versions, refresh hashes
    .venv/bin/python scripts/lock_requirements.py --upgrade  # move to the newest allowed versions

``requirements.in`` (the site) and ``requirements-test.in`` (the test tools) say what the project
needs; this script writes ``requirements.txt`` and ``requirements-test.txt`` from them with
pip-tools' ``pip-compile --generate-hashes``. ``scripts/setup`` installs those files with
``pip install --require-hashes``, so a file whose content differs from the one locked here is
refused. pip-tools runs in its own virtual environment (``.cache/lock-venv``), not in ``.venv``.

The lock is made against PyPI alone: pip configuration files and ``PIP_*`` variables of the
machine (extra indexes, local wheel folders) are ignored, so the hashes are those of the files
everyone else downloads.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS_VENV = ROOT / ".cache" / "lock-venv"
PIP_TOOLS = "pip-tools==7.7.0"
INDEX = "https://pypi.org/simple"
COMMAND = ".venv/bin/python scripts/lock_requirements.py"
LOCKS = (("requirements.in", "requirements.txt"), ("requirements-test.in", "requirements-test.txt"))


def pypi_only_environment() -> dict[str, str]:
    """The current environment without pip settings, so that only PyPI is used."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["CUSTOM_COMPILE_COMMAND"] = COMMAND  # the command pip-compile names in the files' header
    return env


def tools_python(env: dict[str, str]) -> Path:
    """The Python of the pip-tools environment, created on first use."""
    python = TOOLS_VENV / "bin" / "python"
    if not python.exists():
        venv.create(TOOLS_VENV, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--index-url", INDEX, PIP_TOOLS],
                   check=True, env=env)
    return python


def lock(python: Path, source: str, target: str, *, upgrade: bool, env: dict[str, str]) -> None:
    """Write *target* from *source* with pip-compile."""
    command = [
        str(python), "-m", "piptools", "compile", "--quiet", "--generate-hashes", "--allow-unsafe",
        "--strip-extras", "--annotation-style=line", "--index-url", INDEX, "--no-emit-index-url",
        "--output-file", target, source,
    ]
    if upgrade:
        command.append("--upgrade")
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    """Lock both requirement files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upgrade", action="store_true", help="take the newest versions the .in files allow")
    args = parser.parse_args(argv)
    env = pypi_only_environment()
    try:
        python = tools_python(env)
        for source, target in LOCKS:
            lock(python, source, target, upgrade=args.upgrade, env=env)
    except subprocess.CalledProcessError as error:
        print(f"lock_requirements: {' '.join(map(str, error.cmd[:4]))}… failed (exit {error.returncode})", file=sys.stderr)
        return 2
    print("Locked requirements.txt and requirements-test.txt. Install with: scripts/setup")
    return 0


if __name__ == "__main__":
    sys.exit(main())
