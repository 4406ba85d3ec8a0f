"""Output safety: text that comes from data (names, notes, errors) is escaped in reports and the index.

A partner name, a timeline note or an upstream error message could hold
markup; in the HTML it must show as text and never become a tag, a script or
a link that runs code.
"""

from __future__ import annotations

import json

import pytest

from helpers import report
from helpers.report import params
from helpers.report import runner
from report_fixtures import write_notebook

NASTY = "<script>alert('x')</script> <img src=x onerror=alert(1)> & Co"
CELLS = (
    f"NASTY = {NASTY!r}\nimport pandas as pd\nfrom helpers.present import figures, plots, text",
    'text.say(f"The largest partner is **{NASTY}**; see [details](javascript:alert(1)).")',
    'text.say("Escapes: \\\\[x](javascript:alert(2)) \\\\<img src=y onerror=alert(3)> "'
    ' + text.link("a real link", "https://example.org/x") + " " + text.link("no", "javascript:alert(4)")'
    ' + " " + text.link("the energy report", "energy.html"))',
    'figures.show_table(pd.DataFrame({NASTY: [NASTY], "share": [0.5]}), id="nasty", title=NASTY)',
    'figures.show_table(pd.DataFrame({"event": [NASTY], "source": ["primary"], "url": ["javascript:alert(1)"]}), '
    'id="script-link", links={"source": "url"})',
    'figures.show_table(pd.DataFrame({"event": ["C5+1 summit"], "source": ["primary"], '
    '"url": ["https://example.org/a?b=1&c=\\"2\\""]}), id="real-link", links={"source": "url"})',
    'fig, ax = plots.new_figure()\nax.plot([1, 2], [1, 2])\n'
    'data = figures.tidy(pd.DataFrame({"KAZ": [1.0, 2.0]}, index=[2020, 2021]), NASTY, NASTY)\n'
    'figures.show(figures.Figure("nasty-chart", fig, data, NASTY, f\'Chart of "{NASTY}"\', ["wdi_gdp_usd"], note=NASTY))',
    'text.say("In code: `if a < b & c:` and `US$ 5 \\\\ [x]`; in prose: a < b & US$ 5.")',
)


@pytest.fixture(scope="module")
def nasty_report(tmp_path_factory):
    """One report of every cell above, rendered once for the tests of this file."""
    folder = tmp_path_factory.mktemp("nasty")
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, "nasty", *CELLS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(params.NOTEBOOKS_ENV, str(notebooks))
        rendered = report.render("nasty", {"country": "KAZ"}, out_dir=folder / "out")
    return rendered.html.read_text(encoding="utf-8")


def test_text_from_data_never_becomes_markup_in_a_report(nasty_report):
    html = nasty_report
    assert "alert('x')</script>" not in html and "onerror=alert(1)>" not in html
    assert 'href="javascript' not in html
    assert "see [details](javascript:alert(1))." in html  # a link in data stays text
    assert "onerror=alert(3)>" not in html
    assert ('Escapes: \\[x](javascript:alert(2)) \\&lt;img src=y onerror=alert(3)&gt; '
            '<a href="https://example.org/x">a real link</a> no <a href="energy.html">the energy report</a>') in html
    # the text itself is all there, escaped: in prose, in table cells and headers, in the alt attribute
    escaped = "&lt;script&gt;alert('x')&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; Co"
    assert html.count(escaped) >= 4
    assert "<strong>&lt;script&gt;alert('x')&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; &amp; Co</strong>" in html
    assert '. Chart of &quot;&lt;script&gt;' in html and 'alt="&lt;script&gt;' in html  # title, then description
    assert """<a href='https://example.org/a?b=1&amp;c="2"'>primary</a>""" in html  # a real link stays, quoted


def test_code_spans_show_their_text_as_typed(nasty_report):
    """Markdown prints a code span as is: escaping it as prose showed '&lt;' and '\\$' in the report."""
    assert "<code>if a &lt; b &amp; c:</code>" in nasty_report
    assert "<code>US$ 5 \\ [x]</code>" in nasty_report
    assert "in prose: a &lt; b &amp; US$ 5." in nasty_report


def test_an_error_message_from_data_is_escaped_in_the_index(themes, tmp_path):
    write_notebook(themes, "plain", "raise ValueError(\"<script>alert('index')</script>\")")
    out = tmp_path / "reports"

    outcomes = runner.run(runner.plan(["plain"], ["KAZ"]), out, say=lambda _: None)

    assert [o.status for o in outcomes] == ["failed"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert "ValueError: &lt;script&gt;alert(&#x27;index&#x27;)&lt;/script&gt;" in index
    assert "ValueError: <script>alert('index')</script>" in json.loads((out / "KAZ" / "plain.json").read_text())["error"]


def test_a_theme_name_with_markup_is_escaped_in_the_index(themes, tmp_path):
    write_notebook(themes, 'a"b<i>', "print(country)")
    out = tmp_path / "reports"

    runner.run(runner.plan(['a"b<i>'], ["KAZ"]), out, say=lambda _: None)

    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<i>" not in index
    assert '<a href="KAZ/a&quot;b&lt;i&gt;.html">a&quot;b&lt;i&gt;</a>' in index
    report_html = (out / "KAZ" / 'a"b<i>.html').read_text(encoding="utf-8")
    assert "<title>A&quot;b&lt;i&gt;: Kazakhstan</title>" in report_html or "<title>A\"b&lt;i&gt;: Kazakhstan</title>" in report_html
