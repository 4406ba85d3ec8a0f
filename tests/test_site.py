"""The researcher's site: figure data files, citation, navigation, search, the home page."""

import io
import json
import zipfile

import nbformat
import pandas as pd
import pytest
from lunr.index import Index

from helpers import data
from helpers.data import catalog
from helpers.report import citation, figure_data, runner, search, site
from helpers.present import FIGURE_DATA_MIME
from report_fixtures import notebooks_folder

GDP_FIGURE = '''
from helpers import data
from helpers.present import figures, plots
gdp = figures.tidy(data.wide("wdi_gdp_usd", None, ["KAZ", "UZB"], 2015, 2020) / 1e9, "GDP", "billion current US$")
fig, ax = plots.new_figure()
for code, rows in gdp.groupby("country", sort=False):
    ax.plot(rows["year"], rows["value"], label=code)
figures.show(figures.Figure(id="gdp", fig=fig, data=gdp, title=f"GDP of {country}", sources=["wdi_gdp_usd"],
                            alt="Line chart of the GDP of Kazakhstan and Uzbekistan, 2015-2020."))
figures.show_table(figures.wide(gdp).reset_index(), id="gdp-table", title="GDP table", sources=["wdi_gdp_usd"])
'''


@pytest.fixture(scope="module")
def site_themes(tmp_path_factory):
    """Two small themes (one figure and one table with data; plain text), as the notebooks folder."""
    notebooks = {"gdp": GDP_FIGURE, "plain": "print('pipeline', country)"}
    with notebooks_folder(tmp_path_factory.mktemp("site-notebooks"), notebooks) as folder:
        yield folder


@pytest.fixture(scope="module")
def rendered_site(site_themes, tmp_path_factory):
    """Both themes for KAZ and UZB, rendered once for this module."""
    out = tmp_path_factory.mktemp("site") / "reports"
    outcomes = runner.run(runner.plan(["gdp", "plain"], ["KAZ", "UZB"]), out, say=lambda _: None)
    assert {o.status for o in outcomes} == {"ok"}, [o.message for o in outcomes]
    return out


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_figures_csv_is_the_table_that_drew_it(rendered_site):
    csv = pd.read_csv(rendered_site / "KAZ" / "data" / "gdp" / "gdp.csv")
    drawn = data.wide("wdi_gdp_usd", None, ["KAZ", "UZB"], 2015, 2020) / 1e9
    assert list(csv.columns) == ["country", "country_name", "year", "series", "value", "unit"]
    assert len(csv) == 12 and set(csv["country"]) == {"KAZ", "UZB"}
    kaz_2020 = csv[(csv["country"] == "KAZ") & (csv["year"] == 2020)]["value"].item()
    assert kaz_2020 == pytest.approx(drawn.loc[2020, "KAZ"]) and 100 < kaz_2020 < 300
    assert (csv["unit"] == "billion current US$").all()
    executed = nbformat.read(rendered_site / "KAZ" / "gdp.ipynb", as_version=4)
    bundle = figure_data.bundles(executed)[0]
    assert bundle["csv"].encode() == (rendered_site / "KAZ" / "data" / "gdp" / "gdp.csv").read_bytes()


def test_a_figures_metadata_names_sources_licence_hash_citation_and_parameters(rendered_site):
    meta = json.loads((rendered_site / "UZB" / "data" / "gdp" / "gdp.json").read_text())
    wdi = catalog.get("wdi_gdp_usd")
    source = meta["sources"][0]
    assert source["id"] == "wdi_gdp_usd" and source["license"] == wdi.license
    assert source["files"][0]["sha256"] == wdi.files[0].sha256 and source["retrieved"] == wdi.retrieved
    assert wdi.retrieved in source["citation"] and wdi.files[0].sha256 in source["citation"]
    assert meta["report"]["parameters"]["country"] == "UZB" and meta["report"]["page"] == "UZB/gdp.html"
    assert meta["report"]["citation"].endswith("UZB/gdp.html") and len(meta["report"]["commit"]) >= 7
    assert meta["title"] == "GDP of UZB" and meta["kind"] == "figure"


def test_the_zip_holds_every_data_file_and_a_readme(rendered_site):
    folder = rendered_site / "KAZ" / "data"
    archive = zipfile.ZipFile(io.BytesIO((folder / "KAZ-gdp-data.zip").read_bytes()))
    names = sorted(archive.namelist())
    assert names == [f"KAZ-gdp-data/{n}" for n in ["README.txt", "gdp-table.csv", "gdp-table.json", "gdp.csv", "gdp.json"]]
    for name in names[1:]:
        assert archive.read(name) == (folder / "gdp" / name.split("/")[1]).read_bytes()
    assert "Cite the report as" in archive.read(names[0]).decode()


def test_figure_data_are_the_same_bytes_when_rendered_again(rendered_site, site_themes):
    before = _snapshot(rendered_site / "KAZ" / "data")
    runner.run(runner.plan(["gdp"], ["KAZ"]), rendered_site, force=True, say=lambda _: None)
    assert _snapshot(rendered_site / "KAZ" / "data") == before
    assert not list((rendered_site / "KAZ" / "data").glob(".*"))  # no staging folder left


def test_two_figures_with_one_id_are_refused():
    notebook = nbformat.v4.new_notebook()
    output = nbformat.v4.new_output("display_data", data={FIGURE_DATA_MIME: {"id": "gdp", "csv": ""}})
    notebook.cells = [nbformat.v4.new_code_cell("", outputs=[output, output])]
    with pytest.raises(figure_data.FigureDataError, match="'gdp'"):
        figure_data.bundles(notebook)


def test_every_report_links_home_search_switchers_data_and_cites(rendered_site):
    page = (rendered_site / "KAZ" / "gdp.html").read_text()
    for link in ['href="../index.html"', 'href="../search.html"', 'href="../UZB/gdp.html"', 'href="../TKM/gdp.html"',
                 'href="plain.html"', 'href="data/KAZ-gdp-data.zip"', 'href="data/gdp/gdp.csv"',
                 'href="data/gdp/gdp-table.csv"']:
        assert link in page, link
    assert page.count('aria-current="page"') == 2  # this state, this theme
    assert "Cite this report" in page and citation.site_url() + "KAZ/gdp.html" in page
    assert citation.dataset_citation("wdi_gdp_usd").split(" [")[0] in page.replace("&amp;", "&")


def test_dataset_citations_carry_a_year_and_the_pinned_file():
    for dataset in catalog.catalog().values():
        text = citation.dataset_citation(dataset.id)
        assert dataset.retrieved in text and dataset.files[0].url in text
    assert "sha256 " + catalog.get("sipri_milex").files[0].sha256 in citation.dataset_citation("sipri_milex")


def test_the_site_address_is_one_config_value(monkeypatch):
    assert citation.site_url() == citation.project()["url"]
    monkeypatch.setenv(citation.SITE_URL_ENV, "https://reports.example.net/ca")
    assert citation.report_citation("Energy: Kazakhstan", "KAZ/energy.html").endswith(
        "https://reports.example.net/ca/KAZ/energy.html")


def test_search_finds_words_of_reports_and_nothing_for_absent_words(rendered_site):
    loaded = json.loads((rendered_site / "search" / "index.js").read_text().removeprefix("window.CA_SEARCH = ")
                        .rstrip().rstrip(";"))
    index = Index.load(loaded["index"])
    hits = {h["ref"].split("#")[0] for h in index.search("pipeline")}
    assert hits == {"KAZ/plain.html", "UZB/plain.html"}
    assert index.search("uranium") == []
    assert (rendered_site / "search" / "lunr.js").read_bytes() == search.lunr_js().read_bytes()


def test_search_is_rebuilt_only_when_a_report_changed(rendered_site):
    assert not search.stale(rendered_site)
    (rendered_site / "KAZ" / "plain.html").touch()
    assert search.stale(rendered_site)


def test_home_page_has_intro_search_grid_datasets_and_citation(rendered_site):
    page = (rendered_site / "index.html").read_text()
    assert site.INTRO.split(".")[0] in page and 'href="search.html"' in page
    assert 'href="KAZ/gdp.html"' in page and "<code>wdi_gdp_usd</code>" in page
    assert catalog.get("wdi_gdp_usd").retrieved in page and "Cite the collection" in page


def test_figure_data_left_half_written_by_a_killed_run_is_swept(tmp_path):
    data_dir = tmp_path / "KAZ" / "data"
    (data_dir / ".energy.part").mkdir(parents=True)
    (data_dir / ".energy.part" / "gas.csv").write_text("half")
    (data_dir / ".energy.old").mkdir()
    (data_dir / "KAZ-energy-data.zip.part").write_bytes(b"half")
    (data_dir / "energy").mkdir()
    (data_dir / "energy" / "gas.csv").write_text("good")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "index.js.part").write_text("half")
    removed = runner.remove_temporaries(tmp_path)
    assert {p.name for p in removed} == {".energy.part", ".energy.old", "KAZ-energy-data.zip.part", "index.js.part"}
    assert (data_dir / "energy" / "gas.csv").read_text() == "good"


def test_a_changed_site_address_in_citation_cff_makes_reports_stale(tmp_path, monkeypatch):
    from helpers.report import manifest

    before = manifest.curated_fingerprint()
    cff = tmp_path / "CITATION.cff"
    cff.write_text(citation.CITATION_PATH.read_text().replace("https://example.org/", "https://example.net/"))
    monkeypatch.setattr(manifest, "CITATION_PATH", cff)
    assert manifest.curated_fingerprint() != before
