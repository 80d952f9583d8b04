"""Streamlit widgets whose own texts are English only are given ours: every multiselect of the
pages has a placeholder from the locale files and no "Select all" entry."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "ui"


def _multiselects() -> list[tuple[str, ast.Call]]:
    found = []
    for module in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "multiselect"
            ):
                found.append((f"{module.name}:{node.lineno}", node))
    return found


def test_the_pages_have_multiselects() -> None:
    assert len(_multiselects()) >= 4


@pytest.mark.parametrize(
    ("where", "call"), _multiselects(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_multiselect_speaks_the_pages_language(where: str, call: ast.Call) -> None:
    given = {k.arg: k.value for k in call.keywords}
    assert "placeholder" in given, f"{where}: Streamlit's placeholder is English"
    select_all = given.get("select_all")
    assert isinstance(select_all, ast.Constant) and select_all.value is False, (
        f"{where}: Streamlit's “Select all” is English"
    )
