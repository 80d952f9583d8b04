"""The domain package stays plain Python: no Streamlit, no user-interface modules."""

from __future__ import annotations

import ast
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
