"""Bring your own trade data: partner shares from a UN Comtrade or IMF trade CSV you downloaded yourself.

No open per-partner annual trade series is mirrored for this project (the UN
Statistical Yearbook gives only the top three partners in 2015, 2020 and 2023).
If you download one, point the connectivity notebook's ``trade_file`` parameter
at it and the notebook shows partner shares for every year in the file. The
file is read as it is: it is not pinned or verified like the catalogued data,
and it is your responsibility to cite its producer under its terms.

Accepted layouts (column names are matched exactly, ignoring case and spaces):

1. **UN Comtrade (comtradeplus website 'Export' or API CSV)**: ``reporterISO``,
   ``partnerISO``, ``flowCode``, ``period``, ``primaryValue``; optional
   ``reporterDesc``, ``partnerDesc``, ``cmdCode``, ``freqCode``, ``customsCode``,
   ``motCode``, ``partner2ISO``/``partner2Code``. ``flowCode`` 'X' = exports,
   'M' = imports (re-exports, re-imports and others are left out);
   ``primaryValue`` in US$. Download annual data (``freqCode`` A) for
   commodity 'TOTAL - All Commodities'; where the file also breaks trade down
   by customs procedure, mode of transport or second partner, only the
   all-inclusive rows (C00, 0, World) are used.
2. **UN Comtrade classic (legacy 'comtrade.un.org' CSV)**: ``Year``, ``Trade Flow``
   ('Export'/'Import'), ``Reporter ISO``, ``Partner ISO``, ``Trade Value (US$)``;
   optional ``Reporter``, ``Partner``, ``Commodity Code``.
3. **IMF Direction of Trade Statistics (DOTS / IMTS)**: ``Country Code``,
   ``Counterpart Country Code``, ``Indicator Code`` and either one column per
   year ('2019', '2020', ...; with an ``Attribute`` column, only 'Value' rows
   are read) or ``Time Period`` + ``Value``; optional ``Country Name``,
   ``Counterpart Country Name``. Indicators: exports ``TXG_FOB_USD``
   (or ``XG_FOB_USD``), imports ``TMG_CIF_USD`` (or ``MG_CIF_USD``; the FOB
   import series only when no CIF series is in the file). Area codes must be
   ISO (alpha-3 'KAZ' or alpha-2 'KZ', as in IMF SDMX exports); columns
   ``Country ISO3 Code`` / ``Counterpart Country ISO3 Code`` are used when present.
   IMF numeric area codes (e.g. 916) are not ISO and are refused with an explanation.
   SDMX-style headers (``REF_AREA`` or ``COUNTRY``, ``COUNTERPART_AREA`` or
   ``COUNTERPART_COUNTRY``, ``INDICATOR``, ``TIME_PERIOD``, ``OBS_VALUE``) are
   read the same way.

Only annual rows are used (periods '2023', not '2023M01' or '2023Q1'). A partner
code for the world ('W00', 'WLD', 'W0', '0') gives the total; without one, the
total is the sum of the partners in the file (``total_basis`` says which).
Partner codes that are not ISO countries ('_X' areas nes, 'XX' bunkers, ...)
are kept under their own code and flagged ``partner_is_aggregate``.

:func:`load_trade_file` returns one row per reporter, year, flow and partner:
``reporter`` (ISO3), ``year`` (int), ``flow`` ('exports'/'imports'), ``partner``
(ISO3 or the file's own code), ``partner_name``, ``partner_is_aggregate``,
``value`` (in ``unit``), ``unit``, ``total`` (same unit), ``total_basis``,
``share`` (fraction of the reporter's flow), ``layout``, ``file``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pycountry

from helpers.data.countries import is_iso3_country, name

COLUMNS = ["reporter", "year", "flow", "partner", "partner_name", "partner_is_aggregate", "value", "unit",
           "total", "total_basis", "share", "layout", "file"]
FLOWS = ("exports", "imports")
WORLD_CODES = {"W00", "WLD", "W0", "0", "1W", "WORLD"}
REPORTED_TOTAL = "world total reported in the file"
SUM_OF_PARTNERS = "sum of the partners in the file (no world row)"
COMTRADE_UNIT = "US$"
IMF_UNIT = "US$ (scale as in the file; IMF DOTS publishes millions)"
EXPORT_CODES = re.compile(r"^T?XG_FOB(_USD)?$")
IMPORT_CIF_CODES = re.compile(r"^T?MG_CIF(_USD)?$")
IMPORT_FOB_CODES = re.compile(r"^T?MG_FOB(_USD)?$")


class TradeFileError(ValueError):
    """A trade file the loader cannot read; the message says what it expected."""


def _key(column: str) -> str:
    return re.sub(r"[\s_]", "", str(column)).lower()


def _find(frame: pd.DataFrame, *names: str) -> str | None:
    """The frame's column matching any of ``names`` (case and spaces ignored)."""
    by_key = {_key(c): c for c in frame.columns}
    for n in names:
        if _key(n) in by_key:
            return by_key[_key(n)]
    return None


def _need(frame: pd.DataFrame, layout: str, *names: str) -> dict[str, str]:
    found = {n: _find(frame, n) for n in names}
    missing = [n for n, c in found.items() if c is None]
    if missing:
        raise TradeFileError(f"Looks like a {layout} file but lacks column(s) {missing}.")
    return found


def _annual(period) -> int | None:
    text = str(period).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _code(value, kind: str) -> tuple[str, bool]:
    """A reporter/partner code from the file -> (ISO3 or own code, is_aggregate)."""
    text = str(value).strip().upper()
    if text.endswith(".0"):
        text = text[:-2]
    if text in WORLD_CODES:
        return "WLD", True
    if re.fullmatch(r"[A-Z]{3}", text):
        return (text, False) if is_iso3_country(text) else (text, True)
    if re.fullmatch(r"[A-Z]{2}", text):
        record = pycountry.countries.get(alpha_2=text)
        return (record.alpha_3, False) if record else (text, True)
    if re.fullmatch(r"\d+", text):
        raise TradeFileError(
            f"{kind} code '{value}' is numeric. IMF area codes (e.g. 916 for Kazakhstan) and Comtrade numeric "
            "codes are not ISO codes: export the file with ISO codes (Comtrade 'reporterISO'/'partnerISO'; IMF SDMX "
            "exports use ISO alpha-2) or add 'Country ISO3 Code' / 'Counterpart Country ISO3 Code' columns.")
    return text, True


def _comtrade(raw: pd.DataFrame) -> pd.DataFrame:
    cols = _need(raw, "UN Comtrade", "reporterISO", "partnerISO", "flowCode", "period", "primaryValue")
    rows = raw.copy()
    freq = _find(rows, "freqCode")
    if freq is not None and not rows[freq].astype(str).str.upper().eq("A").any():
        raise TradeFileError("This Comtrade file holds no annual rows (freqCode 'A'); download annual data.")
    if freq is not None:
        rows = rows[rows[freq].astype(str).str.upper() == "A"]
    rows = _total_commodity_only(rows, "cmdCode")
    for column, everything in (("customsCode", {"C00"}), ("motCode", {"0"}), ("partner2ISO", {"W00"}),
                               ("partner2Code", {"0"})):
        found = _find(rows, column)
        if found is not None:
            values = rows[found].astype(str).str.upper().str.replace(r"\.0$", "", regex=True)
            if values.nunique() > 1 and values.isin(everything).any():
                rows = rows[values.isin(everything)]
    flows = rows[cols["flowCode"]].astype(str).str.upper().map({"X": "exports", "M": "imports"})
    return pd.DataFrame({
        "reporter": rows[cols["reporterISO"]], "partner": rows[cols["partnerISO"]], "flow": flows,
        "year": rows[cols["period"]].map(_annual), "value": pd.to_numeric(rows[cols["primaryValue"]], errors="coerce"),
        "partner_name": rows[_find(rows, "partnerDesc")] if _find(rows, "partnerDesc") else None,
        "unit": COMTRADE_UNIT, "layout": "UN Comtrade",
    })


def _total_commodity_only(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """Keep the 'TOTAL' commodity rows; refuse a file of several commodities without one."""
    found = _find(rows, column)
    if found is None:
        return rows
    codes = rows[found].astype(str).str.upper()
    if codes.eq("TOTAL").any():
        return rows[codes == "TOTAL"]
    if codes.nunique() > 1:
        raise TradeFileError(f"This Comtrade file has {codes.nunique()} commodity codes and no 'TOTAL': "
                             "download commodity 'TOTAL - All Commodities' (adding up chapters is not done here).")
    return rows


def _comtrade_classic(raw: pd.DataFrame) -> pd.DataFrame:
    cols = _need(raw, "UN Comtrade classic", "Year", "Trade Flow", "Reporter ISO", "Partner ISO", "Trade Value (US$)")
    rows = raw.copy()
    rows = _total_commodity_only(rows, "Commodity Code")
    flows = rows[cols["Trade Flow"]].astype(str).str.strip().str.lower().map({"export": "exports", "import": "imports"})
    partner_name = _find(rows, "Partner")
    return pd.DataFrame({
        "reporter": rows[cols["Reporter ISO"]], "partner": rows[cols["Partner ISO"]], "flow": flows,
        "year": rows[cols["Year"]].map(_annual),
        "value": pd.to_numeric(rows[cols["Trade Value (US$)"]], errors="coerce"),
        "partner_name": rows[partner_name] if partner_name else None, "unit": COMTRADE_UNIT,
        "layout": "UN Comtrade classic",
    })


def _imf(raw: pd.DataFrame) -> pd.DataFrame:
    reporter = _find(raw, "Country ISO3 Code") or _find(raw, "Country Code", "REF_AREA", "COUNTRY")
    partner = (_find(raw, "Counterpart Country ISO3 Code")
               or _find(raw, "Counterpart Country Code", "COUNTERPART_AREA", "COUNTERPART_COUNTRY"))
    indicator = _find(raw, "Indicator Code", "INDICATOR")
    if reporter is None or partner is None or indicator is None:
        raise TradeFileError("Looks like an IMF file but lacks 'Country Code', 'Counterpart Country Code' "
                             "or 'Indicator Code'.")
    rows = raw.copy()
    attribute = _find(rows, "Attribute")
    if attribute is not None:
        rows = rows[rows[attribute].astype(str).str.strip().str.lower() == "value"]
    period, value = _find(rows, "Time Period", "TIME_PERIOD"), _find(rows, "Value", "OBS_VALUE")
    partner_name = _find(rows, "Counterpart Country Name")
    ids = [reporter, partner, indicator] + ([partner_name] if partner_name else [])
    if period is not None and value is not None:
        long = rows[ids + [period, value]].rename(columns={period: "period", value: "value"})
    else:
        years = [c for c in rows.columns if _annual(c) is not None]
        if not years:
            raise TradeFileError("This IMF file has neither 'Time Period'/'Value' columns nor annual year columns "
                                 "('2019', '2020', ...); download annual data.")
        long = rows[ids + years].melt(id_vars=ids, var_name="period", value_name="value")
    codes = long[indicator].astype(str).str.strip().str.upper()
    has_cif = codes.map(lambda c: bool(IMPORT_CIF_CODES.match(c))).any()
    flows = codes.map(lambda c: "exports" if EXPORT_CODES.match(c) else
                      "imports" if IMPORT_CIF_CODES.match(c) or (not has_cif and IMPORT_FOB_CODES.match(c)) else None)
    return pd.DataFrame({
        "reporter": long[reporter], "partner": long[partner], "flow": flows, "year": long["period"].map(_annual),
        "value": pd.to_numeric(long["value"], errors="coerce"),
        "partner_name": long[partner_name] if partner_name else None, "unit": IMF_UNIT, "layout": "IMF DOTS",
    })


def detect_layout(columns) -> str:
    """'comtrade', 'comtrade_classic' or 'imf' from a file's header; TradeFileError otherwise."""
    keys = {_key(c) for c in columns}
    if {"reporteriso", "partneriso", "flowcode", "primaryvalue"} <= keys:
        return "comtrade"
    if {"reporteriso", "partneriso", "tradeflow"} <= keys:
        return "comtrade_classic"
    if ({"indicatorcode", "counterpartcountrycode"} <= keys or {"indicatorcode", "counterpartcountryiso3code"} <= keys
            or ("indicator" in keys and keys & {"counterpartarea", "counterpartcountry"})):
        return "imf"
    shown = ", ".join(map(str, list(columns)[:12]))
    raise TradeFileError(
        "Unrecognised trade file: expected a UN Comtrade CSV (reporterISO, partnerISO, flowCode, period, "
        "primaryValue), a classic Comtrade CSV (Year, Trade Flow, Reporter ISO, Partner ISO, Trade Value (US$)) "
        f"or an IMF DOTS CSV (Country Code, Counterpart Country Code, Indicator Code, years). Its columns: {shown}"
        + (" ..." if len(list(columns)) > 12 else "") + ". See helpers.data.byo_trade for the accepted layouts.")


READERS = {"comtrade": _comtrade, "comtrade_classic": _comtrade_classic, "imf": _imf}


def read_raw(path) -> pd.DataFrame:
    path = Path(path).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"Trade file {path.resolve()} does not exist (a relative path is read from the "
                                "notebook's folder, notebooks/; give an absolute path).")
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            return pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False, na_values=[""])
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TradeFileError(f"{path.name} is not a readable CSV table ({exc}). Save the download as CSV "
                                 "with one header row; see helpers.data.byo_trade for the accepted layouts.") from None
    raise TradeFileError(f"{path.name}: unknown text encoding (tried UTF-8 and Latin-1).")


def load_trade_file(path) -> pd.DataFrame:
    """A user's Comtrade or IMF trade CSV as tidy partner rows with shares (see the module docstring)."""
    raw = read_raw(path)
    layout = detect_layout(raw.columns)
    rows = READERS[layout](raw)
    rows = rows[rows["flow"].notna() & rows["year"].notna() & rows["value"].notna()].copy()
    if rows.empty:
        raise TradeFileError(f"{Path(path).name}: no annual export or import rows with a value "
                             f"({layout} layout); check the flow/indicator codes and the period.")
    reporters = rows["reporter"].map(lambda v: _code(v, "Reporter"))
    partners = rows["partner"].map(lambda v: _code(v, "Partner"))
    rows["reporter"] = reporters.str[0]
    rows["partner"] = partners.str[0]
    rows["partner_is_aggregate"] = partners.str[1].astype(bool)
    rows["year"] = rows["year"].astype("int64")
    rows["value"] = rows["value"].astype("float64")
    given = rows["partner_name"] if "partner_name" in rows else pd.Series(None, index=rows.index)
    rows["partner_name"] = [g if isinstance(g, str) and g.strip() else name(p) for g, p in zip(given, rows["partner"])]
    keys = ["reporter", "year", "flow", "partner"]
    rows = rows.groupby(keys + ["partner_name", "partner_is_aggregate", "unit", "layout"], as_index=False)["value"].sum()
    if rows.duplicated(keys).any():
        rows = rows.drop_duplicates(keys)
    world = rows[rows["partner"] == "WLD"].set_index(["reporter", "year", "flow"])["value"]
    partners_only = rows[rows["partner"] != "WLD"].copy()
    summed = partners_only.groupby(["reporter", "year", "flow"])["value"].sum()
    index = pd.MultiIndex.from_frame(partners_only[["reporter", "year", "flow"]])
    reported = world.reindex(index).to_numpy()
    partners_only["total"] = [r if not math.isnan(r) else s for r, s in zip(reported, summed.reindex(index).to_numpy())]
    partners_only["total_basis"] = [REPORTED_TOTAL if not math.isnan(r) else SUM_OF_PARTNERS for r in reported]
    partners_only["share"] = partners_only["value"] / partners_only["total"].where(partners_only["total"] > 0)
    partners_only["file"] = Path(path).name
    return partners_only[COLUMNS].sort_values(["reporter", "flow", "year", "value"],
                                              ascending=[True, True, True, False]).reset_index(drop=True)


def for_reporter(table: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """The rows of one reporter; a clear error naming the reporters in the file otherwise."""
    rows = table[table["reporter"] == reporter]
    if rows.empty:
        found = ", ".join(sorted(table["reporter"].unique()))
        raise TradeFileError(f"The trade file has no rows for {reporter}; its reporters are: {found}.")
    return rows.reset_index(drop=True)


def top_partners(table: pd.DataFrame, flow: str, n: int = 5) -> list[str]:
    """The ``n`` country partners with the largest summed value over all years for ``flow``."""
    rows = table[(table["flow"] == flow) & ~table["partner_is_aggregate"]]
    return list(rows.groupby("partner")["value"].sum().sort_values(ascending=False).index[:n])


def shares_by_year(table: pd.DataFrame, flow: str, partners: list[str]) -> pd.DataFrame:
    """Year x partner share (fraction) for ``flow``; years where a partner has no row stay NaN."""
    rows = table[(table["flow"] == flow) & table["partner"].isin(partners)]
    wide = rows.pivot_table(index="year", columns="partner", values="share", aggfunc="first")
    years = sorted(table.loc[table["flow"] == flow, "year"].unique())
    return wide.reindex(index=years, columns=partners)


def basis_sentence(table: pd.DataFrame) -> str:
    """What the shares are shares of, in one sentence."""
    bases = set(table["total_basis"])
    if bases == {REPORTED_TOTAL}:
        return "Shares are of the world total reported in the file."
    if bases == {SUM_OF_PARTNERS}:
        return "The file has no world rows, so shares are of the sum of the partners it lists (an overstatement if it lists only some)."
    missing = table[table["total_basis"] == SUM_OF_PARTNERS][["year", "flow"]].drop_duplicates()
    where = ", ".join(f"{r.flow} {r.year}" for r in missing.sort_values(["flow", "year"]).itertuples())
    return (f"Shares are of the world total in the file, except for {where}, which have no world row: there they are "
            "of the sum of the partners listed (an overstatement if the file lists only some).")
