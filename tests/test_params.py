import os
import subprocess
import sys

import pytest

from helpers import params


def test_valid_parameters_are_cleaned():
    clean = params.validate("energy", {"country": "uzb", "peers": ["kaz", "rus"], "start_year": 2005})
    assert clean == {"country": "UZB", "peers": ["KAZ", "RUS"], "start_year": 2005}


@pytest.mark.parametrize("given, message", [
    ({"country": "XYZ"}, "KAZ (Kazakhstan), UZB (Uzbekistan), KGZ (Kyrgyzstan), TJK (Tajikistan), TKM (Turkmenistan)"),
    ({"start_year": 2020, "end_year": 2010}, "start_year=2020 is after end_year=2010"),
    ({"start_year": 2026}, "start_year=2026 is after end_year=2025"),
    ({"peers": ["RUS", "ZZZ"]}, "Unknown peer code(s) ['ZZZ']"),
    ({"colour": "red"}, "has no parameter(s) ['colour']"),
])
def test_bad_parameters_say_what_to_use(given, message):
    with pytest.raises(params.ParameterError) as err:
        params.validate("energy", given)
    assert message in str(err.value)


def test_unknown_theme_lists_themes():
    with pytest.raises(params.ParameterError, match="choose one of: .*energy"):
        params.validate("energie", {})


@pytest.mark.parametrize("argv, message", [
    (["--country", "FRA"], "Unknown country 'FRA'"),
    (["--country", "KAZ", "--start-year", "2020", "--end-year", "2000"], "Empty year range"),
])
def test_cli_fails_fast_with_one_line(argv, message, tmp_path):
    env = {**os.environ, "CA_REPORTS_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "helpers", "render", "energy", *argv],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())  # rejected before any kernel or output file


def test_a_missing_user_file_is_refused(tmp_path):
    with pytest.raises(params.ParameterError, match="is not a file"):
        params.validate("connectivity", {"country": "KAZ", "trade_file": str(tmp_path / "comtrade.csv")})


def test_a_theme_parameter_goes_only_to_its_notebook(tmp_path):
    from helpers.report import runner

    trade = tmp_path / "comtrade.csv"
    trade.write_text("x")
    jobs = runner.plan(["energy", "connectivity"], ["KAZ"], trade_file=str(trade))
    assert [j.parameters for j in jobs] == [{"country": "KAZ"}, {"country": "KAZ", "trade_file": str(trade)}]
    with pytest.raises(params.ParameterError, match=r"No selected notebook has parameter\(s\) \['trade_file'\]"):
        runner.plan(["energy"], ["KAZ"], trade_file=str(trade))
