"""Aid and development finance: U.S. foreign assistance and Chinese official finance.

``parse`` branches on the dataset id; both come out as country-year panels.

``us_foreign_aid`` (ForeignAssistance.gov country summary)
    One row per recipient x transaction type x U.S. fiscal year. Indicators are
    ``'<transaction type>, constant US$'`` and ``'<transaction type>, current US$'``
    for the four transaction types (Obligations, Disbursements, Appropriated and
    Planned, President's Budget Requests); ``year`` is the U.S. fiscal year
    (October-September). Constant dollars are FY2023 prices for obligations and
    disbursements in this vintage (:data:`US_CONSTANT_BASE_FY`; the parser finds
    each type's base year, where constant equals current, and stops if
    obligations or disbursements are not in FY2023 prices); appropriations and
    budget requests are in FY2022 prices, and each row's ``unit`` says which. Obligations and disbursements are different measures and must
    never be added. Regional programmes ('South and Central Asia Region', ...)
    keep codes of their own (``FA:SCN``...) and ``is_aggregate=True``; former
    states (USSR...) keep their historical codes; both through
    ``tables/us_aid_names.csv``. The 1976 transition quarter ('1976tq') is not a
    fiscal year and is left out. Zeros and negative values (de-obligations) are
    kept as the source reports them.

``china_gcdf3_country_year`` (AidData GCDF 3.0, summed by recipient and year)
    Indicators ``'Commitments: <class>'`` (AidData 'Amount (Constant USD 2021)')
    and ``'Adjusted commitments: <class>'`` ('Adjusted Amount'), for the classes
    ODA-like, OOF-like, Vague (official finance), plus ``'... : all official
    finance'``, the sum of the classes present. Recipients are Correlates-of-War
    codes mapped through ``tables/cow_codes.csv``. The aggregator wrote 0
    both where a year had no project of a class and where projects had no
    recorded amount (R ``sum(na.rm=TRUE)`` and ``replace_na(0)``); a 0 therefore
    means 'no amount recorded', and is dropped like any missing value. A year
    with no row means no recorded commitment.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.countries import from_cow, is_iso3_country, lookup
from helpers.data.sources import tidy_panel

US_AID = "us_foreign_aid"
GCDF = "china_gcdf3_country_year"
US_CONSTANT_BASE_FY = 2023
GCDF_CONSTANT_BASE_YEAR = 2021
US_NAMES_TABLE = "us_aid_names"

US_CURRENT_UNIT = "US$ (current prices)"
GCDF_UNIT = f"US$ (constant {GCDF_CONSTANT_BASE_YEAR} prices)"

US_MEASURES = ("Obligations", "Disbursements")
GCDF_CLASSES = {"oda": "ODA-like", "oof": "OOF-like", "vof": "Vague (official finance)"}
GCDF_ALL = "all official finance"


def us_indicator(transaction: str, prices: str = "constant") -> str:
    """'Obligations', 'constant' -> 'Obligations, constant US$'."""
    if prices not in ("constant", "current"):
        raise ValueError("prices must be 'constant' or 'current'")
    return f"{transaction}, {prices} US$"


def gcdf_indicator(flow_class: str = GCDF_ALL, adjusted: bool = False) -> str:
    """'OOF-like' -> 'Commitments: OOF-like'; adjusted=True -> 'Adjusted commitments: ...'."""
    return f"{'Adjusted commitments' if adjusted else 'Commitments'}: {flow_class}"


def us_recipient(code: str, country_name: str) -> tuple[str, bool]:
    """ForeignAssistance.gov recipient -> (code, is_aggregate); non-ISO rows by name via the table."""
    if code != "NULL" and is_iso3_country(code):
        return code, False
    return lookup(US_NAMES_TABLE, country_name, f"U.S. aid recipient '{country_name}' ({code}), not an ISO 3166 code,")


def constant_base_years(raw: pd.DataFrame) -> dict[str, int]:
    """Per transaction type, the fiscal year whose constant dollars equal current dollars (the price base).

    In this vintage obligations and disbursements are in FY2023 prices, appropriations and budget
    requests in FY2022 prices; a type without exactly one such year raises.
    """
    rows = raw[raw["current"].abs() > 0]
    ratio = (rows["constant"] / rows["current"] - 1).abs()
    out = {}
    for transaction, part in ratio.groupby(rows["Transaction Type Name"]):
        by_year = part.groupby(rows.loc[part.index, "Fiscal Year"]).max()
        years = [int(y) for y, dev in by_year.items() if dev < 1e-4]
        if len(years) != 1:
            raise ValueError(f"us_foreign_aid: cannot tell the constant-price base year of '{transaction}' ({years})")
        out[transaction] = years[0]
    for transaction in US_MEASURES:
        if out.get(transaction) != US_CONSTANT_BASE_FY:
            raise ValueError(f"us_foreign_aid: '{transaction}' is not in FY{US_CONSTANT_BASE_FY} prices in this file "
                             f"(base FY{out.get(transaction)}; another vintage?); update US_CONSTANT_BASE_FY")
    return out


def parse_us_aid(path, dataset_id: str = US_AID) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw[raw["Fiscal Year"].str.fullmatch(r"\d{4}")].copy()  # drops the 1976 transition quarter
    raw["current"] = pd.to_numeric(raw["current_amount"].replace("", None), errors="coerce")
    raw["constant"] = pd.to_numeric(raw["constant_amount"].replace("", None), errors="coerce")
    bases = constant_base_years(raw)
    recipients = {key: us_recipient(*key)
                  for key in raw[["Country Code", "Country Name"]].drop_duplicates().itertuples(index=False)}
    mapped = [recipients[key] for key in raw[["Country Code", "Country Name"]].itertuples(index=False)]
    country = [m[0] for m in mapped]
    aggregate = [m[1] for m in mapped]
    transactions = raw["Transaction Type Name"]
    parts = [
        pd.DataFrame({"country": country, "year": raw["Fiscal Year"].astype(int).to_numpy(),
                      "indicator": [us_indicator(t, "constant") for t in transactions],
                      "value": raw["constant"].to_numpy(),
                      "unit": [f"US$ (constant FY{bases[t]} prices)" for t in transactions], "is_aggregate": aggregate}),
        pd.DataFrame({"country": country, "year": raw["Fiscal Year"].astype(int).to_numpy(),
                      "indicator": [us_indicator(t, "current") for t in transactions],
                      "value": raw["current"].to_numpy(), "unit": US_CURRENT_UNIT, "is_aggregate": aggregate}),
    ]
    return tidy_panel(pd.concat(parts, ignore_index=True), dataset_id)


def parse_gcdf(path, dataset_id: str = GCDF) -> pd.DataFrame:
    raw = pd.read_csv(path)
    mapped = [from_cow(c) for c in raw["ccode"]]
    country = [m[0] for m in mapped]
    aggregate = [m[1] for m in mapped]
    parts = []
    for adjusted, suffix in ((False, "amt"), (True, "adj")):
        classes = {}
        for key, label in GCDF_CLASSES.items():
            values = pd.to_numeric(raw[f"{key}_{suffix}"], errors="coerce")
            classes[label] = values.where(values != 0)  # 0 = no amount recorded, not a zero commitment
            parts.append(pd.DataFrame({"country": country, "year": raw["year"], "indicator": gcdf_indicator(label, adjusted),
                                       "value": classes[label], "unit": GCDF_UNIT, "is_aggregate": aggregate}))
        total = pd.DataFrame(classes).sum(axis=1, min_count=1)
        parts.append(pd.DataFrame({"country": country, "year": raw["year"], "indicator": gcdf_indicator(GCDF_ALL, adjusted),
                                   "value": total, "unit": GCDF_UNIT, "is_aggregate": aggregate}))
    frame = pd.concat(parts, ignore_index=True)
    if frame.duplicated(["country", "year", "indicator"]).any():
        raise ValueError("GCDF: more than one row per recipient, year and indicator")
    return tidy_panel(frame, dataset_id)


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    if dataset.id == US_AID or dataset.id.startswith(US_AID):
        return parse_us_aid(path, dataset.id)
    if dataset.id == GCDF or dataset.id.startswith("china_gcdf"):
        return parse_gcdf(path, dataset.id)
    raise ValueError(f"helpers.data.sources.aid has no parser for dataset '{dataset.id}'")
