"""The catalog agrees with the mirror's source.json files and is usable."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import data
from helpers.data import catalog
from helpers.data.catalog import CATALOG_PATH, UnknownDatasetError

CATALOG_IDS = sorted(catalog.read_catalog(CATALOG_PATH))



def _source(mirror_root: Path, dataset_id: str) -> dict:
    return json.loads((mirror_root / dataset_id / "source.json").read_text(encoding="utf-8"))


def _expected_files(source: dict) -> dict[str, tuple[str, str, int]]:
    """name -> (url, sha256, bytes) from either source.json layout."""
    if "files" in source:
        entries = source["files"]
    else:
        entries = [{"url": source["url"], "sha256": source["sha256"], "bytes": source["bytes"]}]
    out = {}
    for entry in entries:
        name = Path(entry["path"]).name if "path" in entry else Path(unquote(urlparse(entry["url"]).path)).name
        out[name] = (entry["url"], entry["sha256"], int(entry["bytes"]))
    return out


def test_catalog_lists_exactly_the_mirror_datasets(mirror_root):
    mirrored = {p.parent.name for p in mirror_root.glob("*/source.json")}
    listed = set(catalog.catalog())
    assert listed == mirrored, (
        f"only in catalog: {sorted(listed - mirrored)}; only in mirror: {sorted(mirrored - listed)}")
    assert len(listed) == len(json.loads(CATALOG_PATH.read_text(encoding="utf-8"))["datasets"]), \
        "an id is listed twice in data/catalog.json"


def test_both_source_json_layouts_are_present(mirror_root):
    """Guard for the test below: it must really see a files[] layout as well as url/sha256/bytes."""
    layouts = {"files" in _source(mirror_root, i) for i in CATALOG_IDS}
    assert layouts == {True, False}


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_files_match_source_json(dataset_id, mirror_root):
    source = _source(mirror_root, dataset_id)
    assert source["id"] == dataset_id
    expected = _expected_files(source)
    dataset = catalog.get(dataset_id)
    got = {f.name: (f.url, f.sha256, f.bytes) for f in dataset.files}
    assert got == expected
    # ... and the mirror really holds those files under those names and sizes
    for name, (_, _, size) in expected.items():
        assert (mirror_root / dataset_id / name).stat().st_size == size
    assert {p.name for p in (mirror_root / dataset_id).iterdir()} - {"source.json"} == set(expected)


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_facts_copied_from_source_json(dataset_id, mirror_root):
    source = _source(mirror_root, dataset_id)
    dataset = catalog.get(dataset_id)
    assert dataset.producer == source["producer"]
    assert dataset.license == source["license"]
    assert (dataset.via, dataset.commit, dataset.retrieved) == (source["via"], source["commit"], source["retrieved"])
    assert len(dataset.commit) == 40 and dataset.retrieved[:2] == "20"
    for f in dataset.files:
        assert f.url.startswith("https://") and len(f.sha256) == 64 and f.bytes > 0


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_dataset_has_themes_short_licence_and_credit(dataset_id):
    dataset = catalog.get(dataset_id)
    assert dataset.themes and all(isinstance(t, str) and t for t in dataset.themes)
    assert dataset.license_short.strip()
    assert len(dataset.license_short) <= 60, dataset.license_short
    assert len(dataset.license_short) < len(dataset.license)
    assert dataset.short_producer.strip()
    assert dataset.credit == f"{dataset.short_producer} ({dataset.license_short})"


def test_non_open_licences_are_marked():
    """The README's three non-open licences must not read as open in a figure's credit line."""
    for dataset_id in CATALOG_IDS:
        short = catalog.get(dataset_id).license_short
        if dataset_id.startswith("ei_statistical_review_"):
            assert "no open licence" in short
        if dataset_id.startswith(("sipri_", "un_syb_", "ei_")):
            assert "CC" not in short and "public domain" not in short.lower(), (dataset_id, short)


@pytest.mark.parametrize("dataset_id", CATALOG_IDS)
def test_parser_module_imports(dataset_id):
    """A dataset names a parser that imports, or none yet (raw files only, through data.path)."""
    parser = catalog.get(dataset_id).parser
    if parser is None:
        with pytest.raises(data.NoLoaderError, match=f"data.path\\('{dataset_id}'"):
            data.load(dataset_id)
        return
    assert parser.isidentifier()
    module = importlib.import_module(f"helpers.data.sources.{parser}")
    assert callable(module.parse)
    assert list(inspect.signature(module.parse).parameters)[:2] == ["dataset", "files"]


def test_wdi_datasets_carry_indicator_and_unit():
    """The WDI parser reads the indicator code and unit from the catalog entry."""
    wdi = [catalog.get(i) for i in CATALOG_IDS if catalog.get(i).parser == "wdi"]
    assert len(wdi) > 40
    for dataset in wdi:
        assert dataset.extra.get("indicator") and dataset.extra.get("unit"), dataset.id
    assert catalog.get("wdi_gdp_usd").extra["indicator"] == "NY.GDP.MKTP.CD"


def test_file_lookup_by_name():
    votes = catalog.get("unga_votes")
    assert len(votes.files) == 3
    assert votes.file("un_votes.rda").sha256 == "cf814a48bc536e8f87f8e027942ac515fe6aae9d63cd71dd88ed718b14887e87"
    with pytest.raises(ValueError, match="several files"):
        votes.file()
    with pytest.raises(ValueError, match="un_votes.rda"):
        votes.file("nope.rda")
    assert catalog.get("wdi_gdp_usd").file().name == "data.csv"


def test_unknown_id_suggests_close_matches():
    with pytest.raises(UnknownDatasetError) as info:
        catalog.get("wdi_remitances")
    message = str(info.value)
    assert "'wdi_remitances'" in message
    assert "Did you mean: wdi_remittances" in message
    assert isinstance(info.value, KeyError)  # callers may catch KeyError


def test_unknown_id_without_close_match_has_no_suggestion():
    with pytest.raises(UnknownDatasetError) as info:
        catalog.get("zzzzzzzz")
    assert "Did you mean" not in str(info.value)
    assert f"all {len(CATALOG_IDS)} ids" in str(info.value)
