"""The Streamlit configuration keeps every protection on and is documented."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("section", "option", "expected"),
    [
        ("browser", "gatherUsageStats", False),
        ("server", "headless", True),
        ("server", "enableXsrfProtection", True),
        ("server", "enableCORS", True),
        ("server", "enableStaticServing", False),
        ("client", "showSidebarNavigation", False),
        ("client", "showErrorDetails", "none"),
        ("client", "disableDataExport", True),
    ],
)
def test_protection_is_on(section: str, option: str, expected: object) -> None:
    assert CONFIG[section][option] == expected


def test_uploads_are_capped() -> None:
    assert 1 <= CONFIG["server"]["maxUploadSize"] <= 50


def test_every_setting_is_a_real_streamlit_option() -> None:
    from streamlit import config

    known = config._config_options_template
    for section, options in CONFIG.items():
        for option in options:
            assert f"{section}.{option}" in known, f"unknown setting {section}.{option}"


README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "setting",
    [f"{section}.{option}" for section, options in CONFIG.items() for option in options],
)
def test_every_streamlit_setting_is_documented_in_the_readme(setting: str) -> None:
    assert f"`{setting}`" in README or setting.split(".")[0] == "theme"


def test_every_environment_variable_is_documented_in_the_readme() -> None:
    from planner import storage

    for variable in (storage.DATABASE_URL_VARIABLE, storage.DATA_DIR_VARIABLE):
        assert f"`{variable}`" in README


def test_the_readme_test_command_is_what_ci_runs() -> None:
    command = "pip install -r requirements-dev.txt && python -m pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
