"""SIPRI: the Military Expenditure Database (a panel) and the Arms Transfers trade register (a deal table).

``parse`` branches on the dataset id:

``sipri_milex`` -> the tidy panel (:data:`helpers.data.sources.PANEL_COLUMNS`), one
indicator per sheet of the workbook (:data:`MILEX_SHEETS`). Quirks handled:
each sheet has its own number of title lines above the ``Country`` header row
(found, not assumed); region and sub-region label rows ('Central Asia',
'Europe', ...) are interleaved with the countries and are recognised by having
no cell at all in the year columns; ``...`` (no data) and ``xxx`` (the country
did not exist) become gaps, never zeros; *Share of GDP* and *Share of Govt.
spending* are stored as fractions and are converted to per cent here; the
'European Union' row is spending by EU bodies (from 2022), not the sum of its
members, and keeps the code ``SIPRI:EU``. The local-currency sheets are left
out (one currency per country, not comparable). Real zeros (Costa Rica,
Iceland, Panama ... have no armed forces) stay zeros. SIPRI's colour flags for
estimates (blue) and uncertain figures (red) are lost in any pandas read.

``sipri_arms_transfers`` -> one row per deal (:data:`DEAL_COLUMNS`):

- ``deal_id``: row number in the register (stable for a given file)
- ``recipient``, ``supplier``: SIPRI's names; ``recipient_code``,
  ``supplier_code``: ISO3, own codes for former states (SUN, CSK, DDR, YUG,
  YAR, YMD, RVN) and ``SIPRI:...`` for organisations, non-state groups and
  'unknown' suppliers/recipients, all through ``tables/sipri_names.csv``
- ``year_of_order`` (Int64), ``year_of_order_uncertain`` (bool, SIPRI's '?')
- ``number_ordered`` (float; NaN where SIPRI has no figure), ``number_ordered_uncertain``
- ``weapon_designation``, ``weapon_description`` (SIPRI's text),
  ``weapon_category`` (coarse group from the description, :func:`weapon_category`)
- ``number_delivered``, ``number_delivered_uncertain``
- ``delivery_years``: the listed delivery years as '2015;2016;2017' (missing if none),
  ``n_delivery_years`` (int)
- ``status`` ('New', 'Second hand', 'Second hand but modernized'), ``comments``
- ``tiv_per_unit``, ``tiv_order``, ``tiv_delivered``: SIPRI trend-indicator
  values in millions (a volume index, not US$); ``tiv_delivered`` is per deal,
  summed over all its delivery years
- ``source`` (dataset id)

Register quirks: ISO-8859-1 encoding, 11 lines of SIPRI notes above the
header, three unnamed '?' columns after the year of order, number ordered and
number delivered, and four rows that are spill-overs of comment fields with
line breaks (no recipient; dropped).
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.data.countries import lookup
from helpers.data.sources import tidy_panel

MILEX = "sipri_milex"
ARMS = "sipri_arms_transfers"
NAMES_TABLE = "sipri_names"

# sheet -> (indicator, unit, factor applied to the stored value)
MILEX_SHEETS = {
    "Constant (2023) US$": ("milex_constant_2023_usd", "US$ m, constant 2023 prices and exchange rates", 1.0),
    "Current US$": ("milex_current_usd", "US$ m, current prices", 1.0),
    "Share of GDP": ("milex_share_of_gdp", "% of GDP", 100.0),
    "Per capita": ("milex_per_capita", "current US$ per person", 1.0),
    "Share of Govt. spending": ("milex_share_of_govt_spending", "% of general government spending", 100.0),
}
CONSTANT_USD, CURRENT_USD, SHARE_OF_GDP, PER_CAPITA, SHARE_OF_GOVT = (v[0] for v in MILEX_SHEETS.values())
MISSING_MARKERS = ("...", "xxx", ". .", "..")

REGISTER_HEADER_LINES = 11
REGISTER_ENCODING = "latin-1"
DEAL_COLUMNS = [
    "deal_id", "recipient", "recipient_code", "supplier", "supplier_code",
    "year_of_order", "year_of_order_uncertain", "number_ordered", "number_ordered_uncertain",
    "weapon_designation", "weapon_description", "weapon_category",
    "number_delivered", "number_delivered_uncertain", "delivery_years", "n_delivery_years",
    "status", "comments", "tiv_per_unit", "tiv_order", "tiv_delivered", "source",
]

# Coarse weapon groups after SIPRI's categories; the first matching rule wins, so order matters:
# 'vehicle engine' is an engine, 'missile boat' a ship, 'SAM system radar' a sensor, 'anti-radar
# missile' a missile, 'aircraft carrier' a ship, 'tank destroyer' an armoured vehicle, 'tanker' a ship.
WEAPON_RULES: tuple[tuple[str, str], ...] = (
    ("Engines", r"engine\b|turbo(prop|fan|jet|shaft)|gas turbine|diesel"),
    ("Ships", r"missile boat|torp\w*o boat|gunboat|corvette|mine(sweeper|hunter|layer)|MCM ship|aircraft carrier"),
    ("Sensors", r"radar(?! missile)|sonar|search system|EO (system|search)|fire.control|signals intelligence system|recce system"),
    ("Air defence systems", r"SAM system|air.defence|\bAD system|anti-aircraft|ABM system"),
    ("Missiles", r"missile|\bSAM\b|guided|loitering munition|attack drone|torpedo"),
    ("Aircraft", r"aircraft|helicopter|\bUAV|airship|air refuel"),
    ("Naval weapons", r"naval|anti-submarine (mortar|rocket launcher)|\bmine\b"),
    ("Armoured vehicles", r"tank(?!er)|\bAPC\b|armoured|infantry fighting|vehicle|turret|\bUGV\b"),
    ("Ships", r"ship|boat|frigate|submarine|destroyer|craft\b|cruiser|tanker|icebreaker|\btug\b"),
    ("Artillery", r"gun|howitzer|mortar|rocket launcher|artillery|coastal defence"),
    ("Satellites", r"satellite"),
)
OTHER_WEAPONS = "Other"


# --- names ---------------------------------------------------------------------------

def to_code(name: str) -> tuple[str, bool]:
    """SIPRI country/actor name -> (code, is_aggregate) via ``tables/sipri_names.csv``."""
    return lookup(NAMES_TABLE, str(name).strip(), f"SIPRI name '{name}'")


# --- military expenditure ------------------------------------------------------------

def _coerce(values: pd.Series) -> pd.Series:
    """'...' and 'xxx' (and any other text) -> NaN; numbers stay numbers, zeros stay zeros."""
    return pd.to_numeric(values.where(~values.isin(MISSING_MARKERS)), errors="coerce")


def milex_sheet(raw: pd.DataFrame, indicator: str, unit: str, factor: float) -> pd.DataFrame:
    """One sheet read with ``header=None`` -> long rows (country, year, indicator, value, unit, is_aggregate)."""
    first = raw.iloc[:, 0].astype(str).str.strip()
    header_at = first.index[first == "Country"]
    if len(header_at) != 1:
        raise ValueError(f"SIPRI sheet for '{indicator}': expected one 'Country' header row, found {len(header_at)}")
    header = raw.loc[header_at[0]]
    year_cols = [c for c, v in header.items() if isinstance(v, (int, float)) and not pd.isna(v) and 1900 < v < 2100]
    body = raw.loc[header_at[0] + 1:]
    parts = []
    for _, row in body.iterrows():
        label = row.iloc[0]
        cells = row[year_cols]
        if not isinstance(label, str) or cells.isna().all():
            continue  # blank line or a region/sub-region label row
        code, aggregate = to_code(label)
        parts.append(pd.DataFrame({
            "country": code, "year": [int(header[c]) for c in year_cols], "indicator": indicator,
            "value": _coerce(cells.astype(object)).to_numpy(dtype=float) * factor,
            "unit": unit, "is_aggregate": aggregate,
        }))
    return pd.concat(parts, ignore_index=True)


def parse_milex(path) -> pd.DataFrame:
    sheets = pd.read_excel(path, sheet_name=list(MILEX_SHEETS), header=None)
    frame = pd.concat([milex_sheet(sheets[name], *spec) for name, spec in MILEX_SHEETS.items()],
                      ignore_index=True)
    return frame


# --- arms transfers register -----------------------------------------------------------

def weapon_category(description) -> str:
    """SIPRI weapon description -> coarse category (:data:`WEAPON_RULES`; 'Other' if none matches)."""
    if not isinstance(description, str):
        return OTHER_WEAPONS
    for category, pattern in WEAPON_RULES:
        if re.search(pattern, description, flags=re.IGNORECASE):
            return category
    return OTHER_WEAPONS


def read_register(path) -> pd.DataFrame:
    """The register as SIPRI wrote it (header lines skipped, latin-1, spill-over rows dropped)."""
    raw = pd.read_csv(path, skiprows=REGISTER_HEADER_LINES, encoding=REGISTER_ENCODING, dtype=str,
                      keep_default_na=False, na_values=[""])
    if list(raw.columns[:3]) != ["Recipient", "Supplier", "Year of order"]:
        raise ValueError(f"SIPRI register header not where expected: {list(raw.columns[:4])}")
    return raw[raw["Recipient"].notna()].reset_index(drop=True)


def _uncertain(column: pd.Series) -> pd.Series:
    return column.fillna("").str.strip().eq("?")


def _delivery_years(cell) -> str | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    years = [int(y) for y in re.split(r"[;,]\s*", cell.strip()) if y.strip()]
    return ";".join(str(y) for y in sorted(set(years)))


def parse_register(path, dataset_id: str = ARMS) -> pd.DataFrame:
    raw = read_register(path)
    cols = list(raw.columns)
    # The '?' column follows the column it qualifies; its header is blank (pandas names it ' ', ' .1', ...).
    flag = {cols[i - 1]: cols[i] for i in range(1, len(cols)) if not cols[i].strip(" .0123456789")}
    recipients = raw["Recipient"].str.strip().map(to_code)
    suppliers = raw["Supplier"].str.strip().map(to_code)
    years = raw["Year(s) of delivery"].map(_delivery_years)
    out = pd.DataFrame({
        "deal_id": range(len(raw)),
        "recipient": raw["Recipient"].str.strip(), "recipient_code": recipients.str[0],
        "supplier": raw["Supplier"].str.strip(), "supplier_code": suppliers.str[0],
        "year_of_order": pd.to_numeric(raw["Year of order"], errors="coerce").astype("Int64"),
        "year_of_order_uncertain": _uncertain(raw[flag["Year of order"]]),
        "number_ordered": pd.to_numeric(raw["Number ordered"], errors="coerce"),
        "number_ordered_uncertain": _uncertain(raw[flag["Number ordered"]]),
        "weapon_designation": raw["Weapon designation"], "weapon_description": raw["Weapon description"],
        "weapon_category": raw["Weapon description"].map(weapon_category),
        "number_delivered": pd.to_numeric(raw["Number delivered"], errors="coerce"),
        "number_delivered_uncertain": _uncertain(raw[flag["Number delivered"]]),
        "delivery_years": years,
        "n_delivery_years": years.map(lambda y: len(y.split(";")) if isinstance(y, str) else 0).astype("int64"),
        "status": raw["status"], "comments": raw["Comments"],
        "tiv_per_unit": pd.to_numeric(raw["SIPRI TIV per unit"], errors="coerce"),
        "tiv_order": pd.to_numeric(raw["SIPRI TIV for total order"], errors="coerce"),
        "tiv_delivered": pd.to_numeric(raw["SIPRI TIV of delivered weapons"], errors="coerce"),
        "source": dataset_id,
    })
    return out[DEAL_COLUMNS]


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    if dataset.id == ARMS or str(path).endswith(".csv"):
        return parse_register(path, dataset.id)
    return tidy_panel(parse_milex(path), dataset.id)


def delivery_year_list(cell) -> list[int]:
    """'2015;2016' -> [2015, 2016]; None/NaN -> []."""
    if not isinstance(cell, str) or not cell:
        return []
    return [int(y) for y in cell.split(";")]

