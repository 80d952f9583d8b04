"""`report` and `export --format xlsx` from the command line, on a real workspace database."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from planner.cli import main
from planner.plan.planfile import plan_to_json
from planner.plan.scenarios import build_scenario

START = dt.date(2027, 1, 4)


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Any:
    """Call main() on a database of tmp_path and capture what it printed."""
    db = f"sqlite:///{tmp_path}/t.db"

    def call(*argv: str) -> Result:
        code = main(["--database", db, *argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def plan_id(run: Any, tmp_path: Path) -> str:
    """The SaaS demo plan, imported into the workspace as a user would."""
    plan = build_scenario("saas_smb", "fr", START).model_copy()
    plan = plan.model_copy(
        update={"meta": plan.meta.model_copy(update={"name": "Plan <Durand> & Fils"})}
    )
    source = tmp_path / "plan.json"
    source.write_text(plan_to_json(plan), encoding="utf-8")
    result = run("import", str(source))
    assert result.code == 0
    return str(result.out.strip())


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.parametrize(("lang", "title"), [("fr", "Objectifs SMART"), ("en", "SMART objectives")])
def test_report_writes_a_pdf_in_the_language(
    run: Any, plan_id: str, tmp_path: Path, lang: str, title: str
) -> None:
    out = tmp_path / "plan.pdf"
    result = run("report", plan_id, "--format", "pdf", "--out", str(out), "--lang", lang)
    assert result.code == 0, result.err
    assert str(out) in result.out
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Plan <Durand> & Fils" in text and title in text
    assert f"Page 1 / {len(reader.pages)}" in text
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, none left


def test_report_writes_a_self_contained_html_file(run: Any, plan_id: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    assert run("report", plan_id, "--format", "html", "--out", str(out), "--lang", "en").code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Plan &lt;Durand&gt; &amp; Fils" in page
    assert "<svg" in page and not re.search(r"https?:", page)


def test_a_stored_plans_actual_results_go_into_the_report(
    run: Any, plan_id: str, tmp_path: Path
) -> None:
    actuals = tmp_path / "actuals.csv"
    actuals.write_text(
        "date;channel;event\n"
        + "".join(f"0{day}/01/2027;phone;activity\n" for day in (4, 5, 6, 7, 8))
        + "05/01/2027;phone;conversation\n",
        encoding="utf-8-sig",
    )
    imported = run("import", str(actuals), "--plan", plan_id, "--lang", "en")
    assert imported.code == 0, imported.err
    out = tmp_path / "plan.html"
    assert run("report", plan_id, "--format", "html", "--out", str(out), "--lang", "en").code == 0
    page = out.read_text(encoding="utf-8")
    assert "Plan vs actual" in page and "Re-forecast" in page


def test_export_xlsx_writes_the_workbook_with_the_simulation(
    run: Any, plan_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    result = run("export", plan_id, "--format", "xlsx", "--out", str(out), "--lang", "fr")
    assert result.code == 0, result.err
    book = load_workbook(out)
    assert book.sheetnames[0] == "Hypothèses" and "Simulation" in book.sheetnames
    assert book["Hypothèses"]["C2"].value == "Plan <Durand> & Fils"


def test_export_without_format_still_writes_the_plan_file(
    run: Any, plan_id: str, tmp_path: Path
) -> None:
    out = tmp_path / "exported.json"
    assert run("export", plan_id, "--out", str(out)).code == 0
    assert '"Plan <Durand> & Fils"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "expected"), [("en", "No plan with id"), ("fr", "Aucun plan")])
@pytest.mark.parametrize("command", [["report", "--format", "pdf"], ["export", "--format", "xlsx"]])
def test_an_unknown_plan_id_is_refused(
    run: Any, tmp_path: Path, lang: str, expected: str, command: list[str]
) -> None:
    out = tmp_path / "out.bin"
    name, *options = command
    result = run(name, "nosuchplan", *options, "--out", str(out), "--lang", lang)
    assert result.code == 2
    assert expected in result.err and "nosuchplan" in result.err
    assert "Traceback" not in result.err and not out.exists()


def test_an_out_file_in_a_missing_folder_is_refused(run: Any, plan_id: str, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "plan.pdf"
    result = run("report", plan_id, "--format", "pdf", "--out", str(out), "--lang", "fr")
    assert result.code == 2
    assert str(out) in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_an_existing_out_file_is_kept_without_force(run: Any, plan_id: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    out.write_bytes(b"keep me")
    result = run("report", plan_id, "--format", "html", "--out", str(out), "--lang", "en")
    assert result.code == 2 and "already exists" in result.err
    assert out.read_bytes() == b"keep me"
    forced = run("report", plan_id, "--format", "html", "--out", str(out), "--force")
    assert forced.code == 0 and out.read_bytes().startswith(b"<!DOCTYPE html>")


def test_an_unknown_format_is_a_usage_error(run: Any, plan_id: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    result = run("report", plan_id, "--format", "docx", "--out", str(out), "--lang", "en")
    assert result.code == 2 and "docx" in result.err and not out.exists()
