"""`python -m planner retention FILE [--json]`: retention per period of a file of counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from tests.test_retention import ENGLISH_CSV, FRENCH_CSV


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PLANNER_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "default-data"))


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "counts.csv") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_french_file_prints_retention_per_month_quarter_and_half_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "retention", write(tmp_path, FRENCH_CSV, "cp1252"), "--lang", "fr")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Taux de rétention = (clients fin − nouveaux clients) ÷ clients début × 100"
    quarter = next(line for line in lines if line.startswith("Trimestre"))
    # (1 300 − (150 + 80 + 60)) ÷ 1 200 = 84,17 %
    assert quarter.split()[1:3] == ["T1", "2026"] and quarter.endswith("84,2\u00a0%")
    january = next(line for line in lines if "janv. 2026" in line)
    assert january.endswith("91,7\u00a0%")  # (1 250 − 150) ÷ 1 200
    assert "3 mois sur 6 saisis : pas de taux" in out  # the half-year is not complete


def test_json_gives_each_period_with_its_counts_and_rate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "retention", write(tmp_path, ENGLISH_CSV), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["formula"].startswith("Retention = (customers at end − new customers)")
    by_key = {p["period"]: p for p in data["periods"]}
    assert by_key["2026-Q1"] == {
        "level": "quarter",
        "period": "2026-Q1",
        "label": "Q1 2026",
        "customers_start": 1200,
        "new_customers": 290,
        "customers_end": 1300,
        "retention": pytest.approx(1010 / 1200, abs=1e-6),
        "months": 3,
        "complete": True,
    }
    assert by_key["2026-H1"]["retention"] is None
    assert by_key["2026-02"]["retention"] == pytest.approx(1200 / 1250, abs=1e-6)


def test_bad_rows_are_listed_with_their_line_and_the_exit_status_is_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Period,Customers at start,New customers,Customers at end\n2026-01,0,1,1\n2026-02,10,5,3\n"
    )
    code, out, err = run(capsys, "retention", write(tmp_path, text))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Line 2: customers at start is 0: retention divides by it, so it cannot be computed.",
        "Line 3: customers at end (3) are fewer than the new customers (5): the new customers "
        "are counted in the customers at end.",
    ]


def test_a_chain_break_is_a_warning_on_stderr_and_the_rates_are_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ENGLISH_CSV.replace("2026-02,1250", "2026-02,1240")
    code, out, err = run(capsys, "retention", write(tmp_path, text))
    assert code == 0 and "Q1 2026" in out
    assert err.strip() == (
        "warning: Line 3: customers at start (1240) differ from customers at end of the period "
        "before (1250, line 2)."
    )


def test_a_file_without_the_columns_is_refused_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "Period,Customers\n2026-01,5\n")
    code, out, err = run(capsys, "retention", path)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"{path}: the file lacks the columns “Customers at start”, “New customers”"
    )


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "retention", str(tmp_path / "nope.csv"))
    assert (code, out) == (2, "")
    assert "nope.csv" in err
