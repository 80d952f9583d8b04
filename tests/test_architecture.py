"""The architecture: plain-Python domain (no Streamlit, no UI), imports that follow the layers."""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

PLANNER = Path(__file__).resolve().parent.parent / "planner"
FORBIDDEN = ("streamlit", "ui", "pages")


def imported_modules(source: str) -> list[str]:
    """Every absolute module name a piece of Python source imports, wherever the import is."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
    return found


def forbidden_imports(source: str) -> list[str]:
    return [
        name
        for name in imported_modules(source)
        if any(name == root or name.startswith(f"{root}.") for root in FORBIDDEN)
    ]


def _modules() -> list[Path]:
    return sorted(PLANNER.rglob("*.py"))


def test_the_domain_package_has_modules() -> None:
    assert PLANNER / "plan" / "model.py" in _modules()


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(PLANNER)))
def test_a_domain_module_imports_neither_streamlit_nor_the_ui(module: Path) -> None:
    assert forbidden_imports(module.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("import streamlit as st", ["streamlit"]),
        ("import os, streamlit", ["streamlit"]),
        ("from streamlit.testing.v1 import AppTest", ["streamlit.testing.v1"]),
        ("def f():\n    import streamlit\n", ["streamlit"]),
        ("from ui import shell", ["ui"]),
        ("from ui.widgets import rate_editor", ["ui.widgets"]),
        ("import pages.objectives", ["pages.objectives"]),
        ("try:\n    from pages import x\nexcept ImportError:\n    pass\n", ["pages"]),
        ("import streamlit_extras", []),
        ("from planner.ui_text import x", []),
        ("from . import ui", []),
        ("import pandas as pd", []),
    ],
)
def test_the_import_check_catches_what_it_should(source: str, caught: list[str]) -> None:
    assert forbidden_imports(source) == caught


# The layers (.importlinter), checked by import-linter -------------------------------------------

ROOT = PLANNER.parent
LINT = (
    "import sys\nfrom importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(no_cache=True, no_logo=True))"
)


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts of `root`/.importlinter checked on the packages in `root`."""
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, capture_output=True, text=True, check=False
    )


def test_every_import_follows_the_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("planner/plan/model.py", "import planner.simulation.defaults", "layers"),
        ("planner/plan/funnel.py", "from planner.storage import connect", "layers"),
        ("planner/core/i18n.py", "import planner.plan.model", "layers"),
        ("planner/simulation/fast.py", "import planner.scripts.text", "layers"),
        ("planner/simulation/bands.py", "import planner.tracking.events", "layers"),
        ("planner/storage/plans.py", "import planner.cli.output", "layers"),
        ("ui/charts.py", "import planner.cli.output", "layers"),
        ("ui/shell.py", "import ui.tracking.event_log", "pages' parts"),
        ("ui/simulation/runs.py", "import ui.plan.channels", "pages' parts"),
        ("ui/plan/target.py", "import ui.tracking.upload", "pages' parts"),
        ("ui/tracking/kpis.py", "import ui.workspace.share", "pages' parts"),
        ("planner/tracking/kpis.py", "import streamlit", "Streamlit"),
        ("planner/scripts/text.py", "import ui.charts", "Streamlit"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    for name in ("planner", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    assert lint_imports(tmp_path).returncode == 0  # the copy keeps the contracts
    path = tmp_path / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    broken_lines = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert any(broken in row for row in broken_lines), result.stdout


# Each package's public names ------------------------------------------------------------------

PACKAGES = sorted(
    ".".join(init.parent.relative_to(ROOT).parts) for init in PLANNER.rglob("__init__.py")
)


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_says_what_it_is_for_and_offers_its_names(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__doc__ and len(module.__doc__.strip().splitlines()) >= 2
    names = getattr(module, "__all__", [])
    assert names == sorted(set(names), key=names.index)  # no name twice
    for name in names:
        value = getattr(module, name)
        assert not isinstance(value, types.ModuleType), f"{package}.{name} is a module"
