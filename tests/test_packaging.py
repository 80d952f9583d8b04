"""`pip install .` gives the planner package with its data files and the `planner` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("planner", "pyproject.toml", "README.md", "LICENSE", "requirements.txt")


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources, offline (the build tools are installed)."""
    pytest.importorskip("setuptools")
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip = (sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation")
    _run(*pip, "--no-index", str(source), "-w", str(out), cwd=source)
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_holds_the_package_its_data_files_and_the_command(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {name for name in names if not name.endswith(".py")}
    assert "planner/core/locales/fr/cli.toml" in data
    assert "planner/core/locales/en/ui.toml" in data
    assert "planner/compliance/rules.toml" in data
    assert "planner/scripts/fonts/DejaVuSans.ttf" in data
    assert not any(name.startswith(("ui/", "tests/", "pages/")) for name in names)
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert re.search(r"^planner = planner\.cli:main$", text, re.M), text


def test_the_installed_command_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    pip = (sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index")
    _run(*pip, "--target", str(target), str(wheel), cwd=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(target), "PLANNER_DATA_DIR": str(tmp_path / "data")}
    where = _run(
        sys.executable, "-c", "import planner; print(planner.__file__)", cwd=tmp_path, env=env
    )
    assert Path(where.strip()).is_relative_to(target)
    listing = _run(
        str(target / "bin" / "planner"), "--lang", "fr", "templates", cwd=tmp_path, env=env
    )
    assert "saas_smb" in listing and "blank" in listing


def _requirements(name: str) -> dict[str, Version]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    found = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(?:>=|==)\s*([0-9][^,\s]*)", line)
        if match:
            found[match.group(1).lower()] = Version(match.group(2))
    return found


def test_the_floors_file_pins_each_runtime_dependency_at_its_floor() -> None:
    assert _requirements("requirements-floors.txt") == _requirements("requirements.txt")
