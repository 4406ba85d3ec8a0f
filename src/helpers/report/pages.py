"""What every report page links to: home, search, the same theme for the other states,
the other themes for the same state, its data, and how to cite it and its datasets.

:func:`context` is handed to the HTML template (``resources["ca"]``); every link is
relative, so the reports work from ``file://`` and from any static host.
"""

from __future__ import annotations

from helpers.data.countries import CENTRAL_ASIA, name
from helpers.report import citation, figure_data, params

THEME_LABELS = {"compare": "compare the five", "claims": "claims tested"}


def title(theme: str, country: str, variant: str = "") -> str:
    """The report's title, as the page, its citation and its data files give it; a sweep's parameters
    (``variant``, in words) follow in brackets."""
    return f"{theme.capitalize()}: {name(country)}" + (f" ({variant})" if variant else "")


def context(theme: str, country: str, datasets: tuple[str, ...] | list[str], report: str | None = None,
            variant: str = "") -> dict:
    """Links and citations of the report ``<country>/<report>.html`` (``report``: the theme's, or a sweep's
    name); the bar links to the theme's own reports."""
    report = report or theme
    page_title = title(theme, country, variant)
    return {
        "theme": theme,
        "home": "../index.html",
        "search": "../search.html",
        "countries": [{"code": c, "name": name(c), "href": f"../{c}/{theme}.html", "current": c == country}
                      for c in CENTRAL_ASIA],
        "themes": [{"name": THEME_LABELS.get(t, t), "href": f"{t}.html", "current": t == theme}
                   for t in params.themes()],
        "data_zip": f"data/{figure_data.zip_name(country, report)}",
        "data_folder": f"data/{report}/",
        "citation": citation.report_citation(page_title, f"{country}/{report}.html"),
        "datasets": [citation.dataset_citation(d) for d in sorted(datasets)],
    }
