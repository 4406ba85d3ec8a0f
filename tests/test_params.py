"""Parameters: cleaning and routing. Rejected parameters are in ``test_faults_parameters``."""

import pytest

from helpers.report import params


def test_valid_parameters_are_cleaned():
    clean = params.validate("energy", {"country": "uzb", "peers": ["kaz", "rus"], "start_year": 2005})
    assert clean == {"country": "UZB", "peers": ["KAZ", "RUS"], "start_year": 2005}


def test_digit_strings_become_years_and_repeated_peers_count_once():
    clean = params.validate("security", {"country": "KAZ", "peers": ["rus", "RUS ", "chn"], "start_year": " 1995",
                                         "end_year": "2020", "period_years": "10"})
    assert clean == {"country": "KAZ", "peers": ["RUS", "CHN"], "start_year": 1995, "end_year": 2020,
                     "period_years": 10}


def test_a_theme_parameter_goes_only_to_its_notebook(tmp_path):
    from helpers.report import runner

    trade = tmp_path / "comtrade.csv"
    trade.write_text("x")
    jobs = runner.plan(["energy", "connectivity"], ["KAZ"], trade_file=str(trade))
    assert [j.parameters for j in jobs] == [{"country": "KAZ"}, {"country": "KAZ", "trade_file": str(trade)}]
    with pytest.raises(params.ParameterError, match=r"No selected notebook has parameter\(s\) \['trade_file'\]"):
        runner.plan(["energy"], ["KAZ"], trade_file=str(trade))
