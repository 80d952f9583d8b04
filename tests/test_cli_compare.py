"""`python -m planner compare ID OTHER_ID`: two stored plans side by side, in a file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from planner.cli import main
from planner.plan.scenarios import build_scenario
from planner.storage import connect, create_plan

START = dt.date(2027, 1, 4)


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """A database URL and two demo plans stored in it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    url = f"sqlite:///{tmp_path}/t.db"
    engine = connect(url)
    a = create_plan(engine, build_scenario("saas_smb", "fr", START)).id
    b = create_plan(engine, build_scenario("retail_b2c", "fr", START)).id
    return url, a, b


def test_compare_writes_a_pdf_page_in_french(
    two: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, a, b = two
    out = tmp_path / "compare.pdf"
    assert (
        main(
            [
                "compare",
                a,
                b,
                "--format",
                "pdf",
                "--out",
                str(out),
                "--database",
                url,
                "--lang",
                "fr",
            ]
        )
        == 0
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Deux plans comparés" in text
    assert "comparés dans" in capsys.readouterr().out


def test_compare_writes_a_sheet(two: tuple[str, str, str], tmp_path: Path) -> None:
    url, a, b = two
    out = tmp_path / "compare.xlsx"
    assert main(["compare", a, b, "--format", "xlsx", "--out", str(out), "--database", url]) == 0
    sheet = load_workbook(out).active
    assert sheet is not None and sheet["A1"].value == "Part"


def test_compare_with_an_unknown_plan_writes_nothing(
    two: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, a, _ = two
    out = tmp_path / "compare.pdf"
    assert (
        main(["compare", a, "nope", "--format", "pdf", "--out", str(out), "--database", url]) == 2
    )
    assert "nope" in capsys.readouterr().err and not out.exists()


def test_compare_keeps_an_existing_file_without_force(
    two: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, a, b = two
    out = tmp_path / "compare.pdf"
    out.write_bytes(b"mine")
    assert main(["compare", a, b, "--format", "pdf", "--out", str(out), "--database", url]) == 2
    assert out.read_bytes() == b"mine"


def test_compare_writes_four_plans_side_by_side(two: tuple[str, str, str], tmp_path: Path) -> None:
    url, a, b = two
    engine = connect(url)
    c = create_plan(engine, build_scenario("consulting_enterprise", "fr", START)).id
    d = create_plan(engine, build_scenario("saas_smb", "fr", START)).id
    out = tmp_path / "four.xlsx"
    args = ["compare", a, b, c, d, "--format", "xlsx", "--out", str(out), "--database", url]
    assert main([*args, "--lang", "fr"]) == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert len(header) == 2 + 4 + 1 and header[-1] == "Diffère"
    rows = list(sheet.iter_rows(values_only=True))
    market = next(row for row in rows if row[1] == "Marché")
    assert market[2:] == ("B2B", "B2C", "B2B", "B2B", "oui")
    needed = next(row for row in rows if str(row[1]).startswith("Activité nécessaire"))
    assert all(isinstance(v, float) and v > 0 for v in needed[2:6])


def test_compare_refuses_more_than_four_plans(
    two: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, a, b = two
    out = tmp_path / "five.pdf"
    args = ["compare", a, b, a, b, a, "--format", "pdf", "--out", str(out), "--database", url]
    assert main(args) == 2
    assert "At most 4 plans can be compared at once (5 given)." in capsys.readouterr().err
    assert not out.exists()
