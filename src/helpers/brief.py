"""The brief: one page per state, every number from one table of headlines.

:func:`headlines` gathers the headline numbers of every theme through the theme
helpers (:mod:`helpers.connectivity`, :mod:`helpers.alignment`,
:mod:`helpers.energy`, :mod:`helpers.security`, :mod:`helpers.engagement`),
never from another notebook's output. It returns one row per number; the
brief's sentences are rendered from that table only (:func:`sentences`), and
the same table closes the brief as 'where each number comes from'
(:func:`traceability_table`). A number the sources do not have is a row with
``value`` NaN and a note ``'not reported: <reason>'``, and its sentence says
so instead of dropping it.

Columns of :func:`headlines` (:data:`COLUMNS`):

* ``ref``        1, 2, ... in order; sentences cite 'rows 1–5'
* ``key``        stable id, e.g. ``trade_exports_CHN``, ``unga_USA``, ``unga_USA_change``
* ``topic``      Trade, UN votes, Oil and gas, Military spending, Remittances,
                 U.S. assistance, Chinese finance
* ``measure``    what the number is, in words
* ``partner``    the other country of a trade share or a UN agreement score (ISO3, or the SYB's own
                 code such as ``SYB:AREAS_NES``); '' for the other rows
* ``value``      float (percentages as percent, e.g. 18.7; money in USD million); NaN if missing
* ``text``       the value exactly as the sentences print it ('18.7%', '+11.0 points',
                 'USD 19.0 million'); 'not reported' if missing
* ``unit``       unit of ``value``
* ``year``       year the value refers to (Int64; the last year of a change or sum; U.S. fiscal
                 year for U.S. assistance); <NA> if missing
* ``base_year``  first year of a change or sum (Int64), else <NA>
* ``year_label`` '2023', '2019–2023', 'FY2024', '2000–2021' or '–'
* ``datasets``   dataset id(s), '; '-joined
* ``note``       'not reported: ...' for a missing number; otherwise a caveat or ''
* ``theme``      the theme notebook that discusses the number
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import alignment, catalog, countries, data, energy, engagement, metrics, text
from helpers import connectivity as conn
from helpers import security
from helpers.countries import check_central_asian, name
from helpers.sources import ei, sipri

COLUMNS = ["ref", "key", "topic", "measure", "partner", "value", "text", "unit", "year", "base_year", "year_label",
           "datasets", "note", "theme"]
POWERS = countries.POWERS
BASE_YEAR = 2019  # agreement is compared with the 2019 session: before COVID-19 and the 2022 invasion
SYB_PARTNERS = conn.SYB_PARTNERS
UNGA = alignment.AGREEMENT
EI = energy.EI
MILEX = security.MILEX
REMITTANCES, GDP = "wdi_remittances", conn.GDP
US_AID, GCDF = engagement.US_AID, engagement.GCDF
CHINA_LAST_YEAR = engagement.CHINA_LAST_YEAR
DATASETS: tuple[str, ...] = (SYB_PARTNERS, UNGA, EI, MILEX, REMITTANCES, GDP, US_AID, GCDF)
NOT_REPORTED = "not reported"

TOPICS = {  # topic -> the theme notebook that discusses it (linked after each sentence)
    "Trade": "connectivity", "UN votes": "alignment", "Oil and gas": "energy", "Military spending": "security",
    "Remittances": "connectivity", "U.S. assistance": "engagement", "Chinese finance": "engagement",
}


# --- formatting -------------------------------------------------------------------------------

def percent(value: float, digits: int | None = None) -> str:
    """18.73 -> '18.7%', 0.428 -> '0.43%' (value already in percent); NaN -> 'not reported'.

    Default digits: two below 1%, else one.
    """
    if _nan(value):
        return NOT_REPORTED
    if digits is None:
        digits = 2 if abs(value) < 1 else 1
    return f"{text.num(value, digits)}%"


def cap(sentence: str) -> str:
    """First letter upper-cased, the rest untouched."""
    return sentence[:1].upper() + sentence[1:]


def points(value: float, digits: int = 1) -> str:
    """11.04 -> '+11.0 points', -7.6 -> '−7.6 points' (true minus sign); NaN -> 'not reported'."""
    return NOT_REPORTED if _nan(value) else f"{alignment.signed(value, digits)} points"


def usd_million(value: float) -> str:
    """An amount in USD million: 'USD 19.0 million', 'USD 64.1 billion'; NaN -> 'not reported'.

    'USD', never '$': two dollar signs in one Markdown paragraph or matplotlib title are typeset
    as mathematics.
    """
    if _nan(value):
        return NOT_REPORTED
    if abs(value) >= 1000:
        return f"USD {text.num(value / 1000, 1)} billion"
    return f"USD {text.num(value, 1)} million"


def quantity(value: float, unit: str, digits: int = 1) -> str:
    """99.35 'Mt' -> '99.4 Mt'; NaN -> 'not reported'."""
    return NOT_REPORTED if _nan(value) else f"{text.num(value, digits)} {unit}"


def _nan(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


SOURCE_LABELS = {SYB_PARTNERS: "UN Statistical Yearbook", UNGA: "Voeten et al. UNGA voting data"}


def source_label(dataset_id: str) -> str:
    """The producer as a sentence names it (the catalog's short producer name unless shortened here)."""
    return SOURCE_LABELS.get(dataset_id) or catalog.get(dataset_id).short_producer


def year_label(year, base_year=None, fiscal: bool = False) -> str:
    if year is None or pd.isna(year):
        return "–"
    prefix = "FY" if fiscal else ""
    if base_year is not None and not pd.isna(base_year) and int(base_year) != int(year):
        return f"{prefix}{int(base_year)}–{prefix}{int(year)}"
    return f"{prefix}{int(year)}"


def _row(key, topic, measure, value, shown, unit, year, datasets, note="", base_year=None, fiscal=False,
         partner="") -> dict:
    missing = _nan(value)
    return {"key": key, "topic": topic, "measure": measure, "partner": partner,
            "value": math.nan if missing else float(value),
            "text": NOT_REPORTED if missing else shown, "unit": unit,
            "year": None if missing or year is None else int(year),
            "base_year": None if missing or base_year is None else int(base_year),
            "year_label": "–" if missing else year_label(year, base_year, fiscal),
            "datasets": "; ".join(datasets), "note": note, "theme": TOPICS[topic]}


def _missing(key, topic, measure, unit, datasets, reason, partner="") -> dict:
    return _row(key, topic, measure, math.nan, "", unit, None, datasets, f"{NOT_REPORTED}: {reason}", partner=partner)


def _gap_note(source: str, country: str, year: int, last_available: int) -> str:
    """'' when ``year`` is the source's latest; else 'last year <source> reports for <country> ...'."""
    if year >= last_available:
        return ""
    later = str(year + 1) if year + 1 == last_available else f"{year + 1}–{last_available}"
    return f"the last year {source} reports for {name(country)}; it has no figure for {later}"


# --- the rows, one function per theme -----------------------------------------------------------

def partner_year(country: str) -> int | None:
    """The year the UN SYB ranks ``country``'s partners in: its latest listed year (None if it lists none).

    The SYB's other years give the shares of that year's top three, not the top three of those
    years, so only this year can say who the largest partners are.
    """
    years = conn.listed_years(conn.partners(country))
    return years[-1] if years else None


def trade_rows(country: str, end_year: int | None = None) -> list[dict]:
    """Per flow: the largest listed partner, then China and Russia (shares of goods exports/imports).

    The UN SYB lists only the three largest partners; a power not among them is a missing row whose
    note gives the ceiling (the third-ranked partner's share). The year is always the SYB's latest
    (see :func:`partner_year`); when it lies after ``end_year`` each row's note says so.
    """
    table = conn.partners(country)
    year = partner_year(country)
    late = (f"the SYB ranks partners only in {year}, after the chosen end year {end_year}"
            if year is not None and end_year is not None and year > end_year else "")
    rows = []
    for flow in conn.FLOWS:
        unit = f"% of goods {flow}"
        if year is None:
            rows.append(_missing(f"trade_{flow}_top", "Trade", f"Largest {flow[:-1]} partner", unit, [SYB_PARTNERS],
                                 f"the UN Statistical Yearbook lists no trading partners for {name(country)}"))
            continue
        listed = table[(table["year"] == year) & (table["flow"] == flow)].sort_values("rank")
        # the largest partner, then China and Russia
        wanted = list(dict.fromkeys([listed["partner"].iloc[0], "CHN", "RUS"])) if len(listed) else ["CHN", "RUS"]
        for partner in wanted:
            mine = listed[listed["partner"] == partner]
            key = f"trade_{flow}_{partner}"
            if mine.empty:
                third = listed["share"].min() * 100 if len(listed) >= 3 else math.nan
                ceiling = f", so its share is below the third-ranked partner's {percent(third)}" if not _nan(third) else ""
                rows.append(_missing(key, "Trade", f"{name(partner)}: share of goods {flow}", unit, [SYB_PARTNERS],
                                     (f"{late}; " if late else "") +
                                     f"the UN SYB lists only the three largest {flow[:-1]} partners of {year}; "
                                     f"{name(partner)} is not among them{ceiling}", partner=partner))
                continue
            r = mine.iloc[0]
            label = conn.display_name(r["partner"], r["partner_name"])
            measure = f"{label}: share of goods {flow}" + (" (largest listed partner)" if r["rank"] == 1 else "")
            note = conn.KNOWN_ARTEFACTS.get((country, partner), "")
            if not note and conn.is_artefact(country, partner):
                note = "trade not allocated to a country"
            if r["is_estimate"]:
                note = "; ".join(n for n in (note, "'Estimate.' in the SYB") if n)
            note = "; ".join(n for n in (note, late) if n)
            rows.append(_row(key, "Trade", measure, 100 * r["share"], percent(100 * r["share"]), unit, year,
                             [SYB_PARTNERS], note, partner=partner))
    return rows


def unga_rows(country: str, end_year: int | None = None, base_year: int = BASE_YEAR) -> list[dict]:
    """Agreement with the US, Russia and China in the latest session, and the change since ``base_year``."""
    rows = []
    unit = "% of UNGA roll calls voted alike"
    for power in POWERS:
        series = alignment.agreement(country, power, None, end_year) * 100
        year, value = metrics.latest(series)
        who = alignment.in_sentence(power)
        if year is None:
            reason = f"Voeten's UNGA file has no agreement score for {name(country)}"
            rows.append(_missing(f"unga_{power}", "UN votes", f"Agreement with {who}", unit, [UNGA], reason, power))
            rows.append(_missing(f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                                 "percentage points", [UNGA], reason, power))
            continue
        rows.append(_row(f"unga_{power}", "UN votes", f"Agreement with {who}", value, percent(value), unit, year, [UNGA],
                         "session that opened in September of the year", partner=power))
        base = metrics.value_in(series, base_year)
        if _nan(base) or year <= base_year:
            rows.append(_missing(f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                                 "percentage points", [UNGA], f"no score for the {base_year} session"
                                 if _nan(base) else f"the latest session is not after {base_year}", power))
            continue
        change = value - base
        rows.append(_row(f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                         change, points(change), "percentage points", year, [UNGA],
                         f"{percent(base)} in {base_year}", base_year=base_year, partner=power))
    return rows


def energy_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Oil and gas production (EI, latest year) and where recorded pipeline gas exports went."""
    keys = (("oil_production", "Oil production", "million tonnes"), ("gas_production", "Gas production", "billion m³"),
            ("gas_pipeline_exports", "Pipeline gas exports recorded by the EI", "billion m³"),
            ("gas_pipeline_exports_CHN", "Share of recorded pipeline gas exports going to China", "% of pipeline gas exports"))
    if not energy.ei_reports(country):
        reason = f"the EI Statistical Review does not list {name(country)} separately (it is inside 'Other CIS')"
        return [_missing(k, "Oil and gas", m, u, [EI], reason) for k, m, u in keys]
    balance = energy.fuel_balance(country, start_year, end_year)
    rows = []
    for (key, measure, unit), fuel, short in zip(keys[:2], ("Oil", "Gas"), ("Mt", "bcm")):
        year, value = metrics.latest(balance[fuel]["Production"])
        if year is None:
            rows.append(_missing(key, "Oil and gas", measure, unit, [EI],
                                 f"the EI reports no {fuel.lower()} production for {name(country)} in {start_year}–{end_year}"))
        else:
            rows.append(_row(key, "Oil and gas", measure, value, quantity(value, short), unit, year, [EI]))
    exports = energy.pipeline_gas_exports(country)
    trade_year = matrix_year()
    if exports.empty:
        reason = f"the EI's {trade_year} pipeline trade matrix records no pipeline gas exports from {name(country)}"
        rows += [_missing(k, "Oil and gas", m, u, [EI], reason) for k, m, u in keys[2:]]
        return rows
    total = float(exports["bcm"].sum())
    china = float(exports.loc[exports["importer"] == "CHN", "bcm"].sum())
    others = exports[exports["importer"] != "CHN"]
    other_text = "; ".join(f"{name(r.importer)} {percent(100 * r.share)}" for r in others.itertuples())
    caveat = pipeline_caveat()
    rows.append(_row(keys[2][0], "Oil and gas", keys[2][1], total, quantity(total, "bcm", 2), keys[2][2], trade_year,
                     [EI], caveat))
    rows.append(_row(keys[3][0], "Oil and gas", keys[3][1], 100 * china / total, percent(100 * china / total),
                     keys[3][2], trade_year, [EI], f"other destinations: {other_text}" if other_text else "all to China"))
    return rows


def matrix_year() -> int:
    """The year of the EI's pipeline gas trade matrix."""
    return int(data.read(EI, ei.pipeline_gas_trade)["year"].iloc[0])


def pipeline_caveat() -> str:
    """What the EI matrix leaves out, computed from it: intra-regional trade, and imports by Russia."""
    trade = data.read(EI, ei.pipeline_gas_trade)
    into_russia = trade.loc[trade["importer"] == "RUS", "bcm"].sum()
    if into_russia > 0:
        return "the EI's matrix excludes intra-regional trade"
    return ("the EI's matrix excludes intra-regional trade and records no pipeline imports by Russia from any country, "
            "so gas sent to Russia is not counted")


def latest_with_gap(series: pd.Series, source: str, country: str, last_available: int) -> tuple[int | None, float, str]:
    """(year, value, note) of the last reported year, the note naming the years after it that are missing."""
    year, value = metrics.latest(series)
    if year is None:
        return None, math.nan, ""
    return year, value, _gap_note(source, country, year, last_available)


def last_year(dataset_id: str, indicator: str | None = None, end_year: int | None = None) -> int:
    """The latest year a panel dataset (or one of its indicators) reports for any country, up to ``end_year``."""
    rows = data.panel(dataset_id, indicator, end_year=end_year)
    return int(rows["year"].max())


def military_rows(country: str, end_year: int = 2025) -> list[dict]:
    """SIPRI military expenditure as a share of GDP, latest year (with the years SIPRI leaves empty)."""
    last = last_year(MILEX, sipri.SHARE_OF_GDP, end_year)
    series = security.milex(sipri.SHARE_OF_GDP, [country], 1949, end_year)[country]
    year, value, note = latest_with_gap(series, "SIPRI", country, last)
    if year is None:
        return [_missing("military_gdp", "Military spending", "Military expenditure", "% of GDP", [MILEX],
                         f"SIPRI has no figure for {name(country)}")]
    return [_row("military_gdp", "Military spending", "Military expenditure", value, percent(value), "% of GDP",
                 year, [MILEX], note)]


def remittance_rows(country: str, end_year: int = 2025) -> list[dict]:
    """Personal remittances received as a share of GDP (both in current USD, World Bank WDI)."""
    shares = conn.per_gdp(REMITTANCES, [country], 1960, end_year)
    last = last_year(REMITTANCES, None, end_year)
    series = shares[country] if country in shares else pd.Series(dtype=float)
    year, value, note = latest_with_gap(series, "the World Bank", country, last)
    if year is None:
        return [_missing("remittances_gdp", "Remittances", "Personal remittances received", "% of GDP",
                         [REMITTANCES, GDP], f"the World Bank reports no remittances for {name(country)}")]
    return [_row("remittances_gdp", "Remittances", "Personal remittances received", value, percent(value), "% of GDP",
                 year, [REMITTANCES, GDP], note)]


def us_rows(country: str, end_year: int = 2025) -> list[dict]:
    """U.S. obligations and disbursements in the last complete fiscal year (constant FY2023 USD million)."""
    last_full = min(end_year, engagement.US_PARTIAL_FY - 1)
    table = engagement.us_measures(country, 1946, last_full) / 1e6
    rows = []
    unit = f"USD million, constant FY{engagement.US_BASE_FY} prices"
    for measure in engagement.MEASURES:
        year, value = metrics.latest(table[measure])
        key = f"us_{measure.lower()}"
        if year is None:
            rows.append(_missing(key, "U.S. assistance", f"U.S. {measure.lower()}", unit, [US_AID],
                                 f"ForeignAssistance.gov reports no {measure.lower()} for {name(country)}"))
            continue
        note = (f"FY{engagement.US_PARTIAL_FY} is partial and left out" if last_full == engagement.US_PARTIAL_FY - 1 else "")
        rows.append(_row(key, "U.S. assistance", f"U.S. {measure.lower()}", value, usd_million(value), unit, year,
                         [US_AID], note, fiscal=True))
    return rows


def china_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Chinese official commitments summed over the window (to 2021), and U.S. obligations over the same years.

    Both in 2021 prices: U.S. constant-FY2023 dollars are re-expressed with
    :func:`helpers.engagement.us_rebase_factor`, as the engagement notebook does.
    """
    last = min(end_year, engagement.CHINA_LAST_YEAR)
    unit = f"USD million, constant {engagement.CHINA_BASE_YEAR} prices"
    if start_year > last:
        reason = f"AidData's GCDF 3.0 ends with commitment year {engagement.CHINA_LAST_YEAR}, before {start_year}"
        return [_missing("china_commitments", "Chinese finance", "Chinese official commitments", unit, [GCDF], reason),
                _missing("us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years", unit,
                         [US_AID], reason)]
    both = engagement.us_and_china(country, start_year, last) / 1e6
    rows = []
    china = both["Chinese commitments"]
    if china.notna().any():
        total = float(china.sum())
        none_in = [int(y) for y in china[china.isna()].index]
        note = "signed commitments, not disbursements" + (
            f"; no amount recorded for {text.year_ranges(none_in)}" if none_in else "")
        rows.append(_row("china_commitments", "Chinese finance", "Chinese official commitments", total,
                         usd_million(total), unit, last, [GCDF], note, base_year=start_year))
    else:
        rows.append(_missing("china_commitments", "Chinese finance", "Chinese official commitments", unit, [GCDF],
                             f"AidData records no commitment to {name(country)} in {start_year}–{last}"))
    us = both["U.S. obligations"]
    if us.notna().any():
        total = float(us.sum())
        rows.append(_row("us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years", total,
                         usd_million(total), unit, last, [US_AID],
                         f"U.S. fiscal years; constant FY{engagement.US_BASE_FY} dollars x "
                         f"{text.num(engagement.us_rebase_factor(), 3)} (the U.S. file's own FY2021 deflator)",
                         base_year=start_year, fiscal=True))
    else:
        rows.append(_missing("us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years",
                             unit, [US_AID], f"ForeignAssistance.gov reports no obligations for {name(country)} "
                                             f"in FY{start_year}–FY{last}"))
    return rows


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """One row per headline number of the brief (columns: :data:`COLUMNS`, documented in the module)."""
    country = check_central_asian(country)
    rows = (trade_rows(country, end_year) + unga_rows(country, end_year) + energy_rows(country, start_year, end_year)
            + military_rows(country, end_year) + remittance_rows(country, end_year) + us_rows(country, end_year)
            + china_rows(country, start_year, end_year))
    table = pd.DataFrame(rows)
    table.insert(0, "ref", range(1, len(table) + 1))
    for column in ("year", "base_year"):
        table[column] = pd.array(table[column], dtype="Int64")
    table["value"] = table["value"].astype("float64")
    return table[COLUMNS]


def datasets_used(table: pd.DataFrame) -> list[str]:
    """Every dataset id named in a headlines table, in order of first appearance."""
    return list(dict.fromkeys(d for cell in table["datasets"] for d in cell.split("; ") if d))


# --- sentences -----------------------------------------------------------------------------------

def row(table: pd.DataFrame, key: str) -> pd.Series | None:
    """The row of a headlines table with this ``key`` (None if there is none)."""
    rows = table[table["key"] == key]
    return rows.iloc[0] if len(rows) else None


_get = row


def _refs(rows: pd.DataFrame) -> str:
    refs = sorted(int(r) for r in rows["ref"])
    if not refs:
        return ""
    if refs == list(range(refs[0], refs[-1] + 1)) and len(refs) > 1:
        return f"rows {refs[0]}–{refs[-1]}"
    return ("row " if len(refs) == 1 else "rows ") + ", ".join(str(r) for r in refs)


def _tag(rows: pd.DataFrame, theme: str) -> str:
    """' *(table: rows 1–5; more in the connectivity report)*'"""
    return f" *(table {_refs(rows)}; more in the {text.link(f'{theme} report', f'{theme}.html')})*"


def _reason(row: pd.Series) -> str:
    return row["note"].split(": ", 1)[1] if row["note"].startswith(NOT_REPORTED) else row["note"]


def trade_sentence(table: pd.DataFrame, country: str) -> str:
    """China's and Russia's shares of exports and imports, and the largest partner if it is someone else."""
    rows = table[table["topic"] == "Trade"]
    lead = f"**Trade ({source_label(SYB_PARTNERS)}"
    years = rows["year"].dropna()
    if years.empty:
        return f"{lead}).** Not reported: {_reason(rows.iloc[0])}." + _tag(rows, "connectivity")
    year = int(years.iloc[0])
    parts = []
    for i, power in enumerate(("CHN", "RUS")):
        ex, im = _get(table, f"trade_exports_{power}"), _get(table, f"trade_imports_{power}")
        ceilings = [_reason(r).split("below the third-ranked partner's ") for r in (ex, im)]
        if _nan(ex["value"]) and _nan(im["value"]):
            bounds = [f"{c[1]} of {f}" for c, f in zip(ceilings, conn.FLOWS) if len(c) == 2]
            parts.append(f"{name(power)} is among the top three partners in neither direction"
                         + (f" (below {' and '.join(bounds)})" if bounds else ""))
            continue
        bits = []
        for row, ceiling, flow, verb in ((ex, ceilings[0], "exports", "bought"), (im, ceilings[1], "imports", "supplied")):
            whose = f"{text.possessive(name(country))} goods {flow}" if i == 0 and flow == "exports" else flow
            if _nan(row["value"]):
                bits.append(f"is not among the top three {flow[:-1]} partners"
                            + (f" (below {ceiling[1]})" if len(ceiling) == 2 else ""))
            else:
                bits.append(f"{verb} **{row['text']}** of {whose}")
        parts.append(f"{name(power)} " + " and ".join(bits))
    sentence = f"{lead}, {year}).** " + "; ".join(parts) + "."
    extra = []
    for flow in conn.FLOWS:
        top = rows[rows["key"].str.startswith(f"trade_{flow}_") & rows["measure"].str.contains("largest listed")]
        if top.empty or top.iloc[0]["partner"] in ("CHN", "RUS"):
            continue
        r = top.iloc[0]
        partner = r["partner"]
        label = r["measure"].split(":")[0]
        meaning = conn.KNOWN_ARTEFACTS.get((country, partner), "trade not allocated to a country")
        caveat = f" ({meaning})" if conn.is_artefact(country, partner) else ""
        if partner.startswith("SYB:"):
            extra.append(f"the largest listed {flow[:-1]} 'partner' is {label} at **{r['text']}**: {meaning}")
        else:
            extra.append(f"the largest {flow[:-1]} partner is {text.the(label)} (**{r['text']}**){caveat}")
    if extra:
        sentence += " " + cap("; ".join(extra)) + "."
    return sentence + _tag(rows, "connectivity")


def unga_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "UN votes"]
    latest = rows[~rows["key"].str.endswith("_change")]
    lead = f"**UN votes ({source_label(UNGA)}"
    if latest["value"].isna().all():
        return f"{lead}).** Not reported: {_reason(latest.iloc[0])}." + _tag(rows, "alignment")
    year = int(latest["year"].dropna().iloc[0])
    order = latest.sort_values("value", ascending=False, na_position="last")
    said = [f"like {alignment.in_sentence(r['partner'])} on **{r['text']}**" for _, r in order.iterrows()]
    changes = []
    for _, r in order.iterrows():
        change = _get(table, f"{r['key']}_change")
        who = alignment.in_sentence(r["partner"])
        changes.append(f"{change['text']} with {who}" if not _nan(change["value"])
                       else f"no change can be given with {who} ({_reason(change)})")
    return (f"{lead}, {year} session).** {name(country)} voted " + ", ".join(said[:-1]) + f" and {said[-1]} of the UN "
            f"General Assembly roll calls on which both voted; since {BASE_YEAR} that is " + ", ".join(changes) + "."
            + _tag(rows, "alignment"))


def energy_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "Oil and gas"]
    oil, gas = _get(table, "oil_production"), _get(table, "gas_production")
    exports, china = _get(table, "gas_pipeline_exports"), _get(table, "gas_pipeline_exports_CHN")
    lead = f"**Oil and gas ({source_label(EI)}"
    if rows["value"].isna().all() and oil["note"] == exports["note"]:
        return f"{lead}).** Not reported: {_reason(oil)}." + _tag(rows, "energy")
    years = sorted({int(y) for y in rows["year"].dropna()})
    out = f"{lead}, {'/'.join(str(y) for y in years)}).** "
    when = lambda r: f" in {int(r['year'])}" if len(years) > 1 else ""
    made = [f"**{r['text']}** of {label}{when(r)}" for r, label in ((oil, "oil"), (gas, "gas")) if not _nan(r["value"])]
    out += f"{name(country)} produced " + " and ".join(made) + ". " if made else ""
    for r, label in ((oil, "oil"), (gas, "gas")):
        if _nan(r["value"]):
            out += f"No {label} production: {_reason(r)}. "
    if _nan(exports["value"]):
        out += f"Pipeline gas exports: {_reason(exports)}."
    else:
        others = f" ({china['note']})" if china["note"].startswith("other") else ""
        out += (f"Of the **{exports['text']}** of pipeline gas exports the EI records{when(exports)}, **{china['text']}** "
                f"went to China{others}; {exports['note']}.")
    return out + _tag(rows, "energy")


def _latest_sentence(row: pd.Series, lead: str, subject: str, country: str) -> str:
    """'... (SIPRI, 2024).** Kazakhstan's military expenditure was 0.43% of GDP.', the last-figure form when
    later years are missing, or the not-reported form. ``subject`` may use {name} and {poss}."""
    if _nan(row["value"]):
        return f"{lead}).** Not reported: {_reason(row)}."
    year = int(row["year"])
    said = subject.format(name=name(country), poss=text.possessive(name(country)))
    if row["note"].startswith("the last year"):
        source, gap = row["note"].removeprefix("the last year ").split(" reports for ")[0], row["note"].split("no figure for ")[1]
        return (f"{lead}, {year}).** The last figure is for {year}, when {said} **{row['text']}** of GDP; "
                f"{source} has none for {gap}.")
    return f"{lead}, {year}).** {cap(said)} **{row['text']}** of GDP."


def military_sentence(table: pd.DataFrame, country: str) -> str:
    row = _get(table, "military_gdp")
    return (_latest_sentence(row, f"**Military spending ({source_label(MILEX)}", "{poss} military expenditure was",
                             country) + _tag(table[table["key"] == "military_gdp"], "security"))


def remittance_sentence(table: pd.DataFrame, country: str) -> str:
    row = _get(table, "remittances_gdp")
    return (_latest_sentence(row, f"**Remittances ({source_label(REMITTANCES)}",
                             "personal remittances received by {name} equalled", country)
            + _tag(table[table["key"] == "remittances_gdp"], "connectivity"))


def us_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "U.S. assistance"]
    ob, db = _get(table, "us_obligations"), _get(table, "us_disbursements")
    lead = f"**U.S. assistance ({source_label(US_AID)}"
    if _nan(ob["value"]) and _nan(db["value"]):
        return f"{lead}).** Not reported: {_reason(ob)}." + _tag(rows, "engagement")
    year = ob["year_label"] if not _nan(ob["value"]) else db["year_label"]
    parts = [f"obligated **{ob['text']}**" if not _nan(ob["value"]) else f"obligations not reported ({_reason(ob)})",
             f"disbursed **{db['text']}**" if not _nan(db["value"]) else f"disbursements not reported ({_reason(db)})"]
    note = f" {cap(ob['note'])}." if ob["note"] else ""
    return (f"{lead}, {year}).** U.S. agencies " + " and ".join(parts) + f" for {name(country)} "
            f"(constant FY{engagement.US_BASE_FY} prices; the two measures overlap and are not added).{note}"
            + _tag(rows, "engagement"))


def china_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "Chinese finance"]
    cn, us = _get(table, "china_commitments"), _get(table, "us_obligations_same_years")
    lead = f"**Chinese finance ({source_label(GCDF)}"
    if _nan(cn["value"]):
        return f"{lead}).** Not reported: {_reason(cn)}." + _tag(rows, "engagement")
    out = (f"{lead}, {cn['year_label']}).** China committed **{cn['text']}** of official finance to {name(country)} "
           f"(constant {engagement.CHINA_BASE_YEAR} prices; signed commitments, mostly loans, not disbursements)")
    if not _nan(us["value"]):
        out += f", against **{us['text']}** of U.S. obligations in {us['year_label']} at the same prices"
    else:
        out += f"; U.S. obligations over the same years are not reported ({_reason(us)})"
    return out + "." + _tag(rows, "engagement")


def sentences(table: pd.DataFrame, country: str) -> list[str]:
    """The brief's bullets, in order, each built only from ``table`` (a :func:`headlines` table)."""
    return [f(table, country) for f in (trade_sentence, unga_sentence, energy_sentence, military_sentence,
                                        remittance_sentence, us_sentence, china_sentence)]


def traceability_table(table: pd.DataFrame) -> pd.DataFrame:
    """The headlines as the reader's 'where each number comes from' table."""
    return pd.DataFrame({
        "row": table["ref"], "topic": table["topic"], "measure": table["measure"], "value": table["text"],
        "unit": table["unit"], "year": table["year_label"], "dataset": table["datasets"], "note": table["note"],
    })


# --- figures ---------------------------------------------------------------------------------------

REST = "Rest (partners outside the SYB's top three)"


def trade_segments(country: str, year: int) -> pd.DataFrame:
    """Per flow, the listed partners' shares (%) in ``year`` and the remainder.

    Columns: flow, label, group (:data:`helpers.connectivity.GROUPS` or :data:`REST`), share (%),
    artefact (a non-country 'partner' or a known coding error), meaning (what the artefact is).
    """
    table = conn.partners(country)
    rows = []
    for flow in conn.FLOWS:
        listed = table[(table["year"] == year) & (table["flow"] == flow)].sort_values("rank")
        for r in listed.itertuples():
            odd = conn.is_artefact(country, r.partner)
            rows.append({"flow": flow, "label": conn.display_name(r.partner, r.partner_name), "group": r.group,
                         "share": 100 * r.share, "artefact": odd,
                         "meaning": conn.KNOWN_ARTEFACTS.get((country, r.partner), "trade not allocated to a country")
                         if odd else ""})
        rest = 100 - 100 * listed["share"].sum() if len(listed) else math.nan
        rows.append({"flow": flow, "label": REST, "group": REST, "share": rest, "artefact": False, "meaning": ""})
    return pd.DataFrame(rows, columns=["flow", "label", "group", "share", "artefact", "meaning"])


def draw_trade(ax, segments: pd.DataFrame) -> list:
    """Two stacked horizontal bars (exports, imports) of partner shares; returns legend handles by group."""
    from matplotlib.patches import Patch

    colours = {**conn.GROUP_COLOURS, REST: "#e4e4e4"}
    for y, flow in enumerate(conn.FLOWS):
        left = 0.0
        for r in segments[segments["flow"] == flow].itertuples():
            if _nan(r.share) or r.share <= 0:
                continue
            ax.barh(y, r.share, left=left, color=colours.get(r.group, "#999999"), edgecolor="white",
                    hatch="///" if r.artefact else None, height=0.55)
            if r.label == REST:
                ax.text(left + r.share / 2, y, f"rest {text.num(r.share, 1)}%", ha="center", va="center",
                        fontsize=7.5, color="#555555")
            elif r.share >= 9 and len(r.label) <= r.share * 0.9:
                ax.text(left + r.share / 2, y, f"{r.label}\n{text.num(r.share, 1)}%", ha="center", va="center",
                        fontsize=7.5, color="white" if r.group != conn.UNALLOCATED else "#222222")
            else:  # too narrow for the name: write it above the bar
                ax.text(left + r.share / 2, y - 0.34, f"{r.label} {text.num(r.share, 1)}%", ha="center", va="bottom",
                        fontsize=7, color="#333333")
            left += r.share
    ax.set_yticks(range(len(conn.FLOWS)), [f.capitalize() for f in conn.FLOWS])
    ax.set_ylim(len(conn.FLOWS) - 0.5, -0.75)  # room above the first bar for labels of narrow segments
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of goods trade in that direction")
    ax.grid(axis="y", visible=False)
    present = [g for g in (*conn.GROUPS, REST) if g in set(segments["group"])]
    return [Patch(color=colours[g], label=g) for g in present]


def agreement_lines(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x power agreement (%) with the US, Russia and China (years without a score stay NaN)."""
    table = pd.DataFrame({p: alignment.agreement(country, p, start_year, end_year) * 100 for p in POWERS})
    if table.empty:
        return table
    return table.reindex(range(max(start_year, int(table.index.min())), int(table.index.max()) + 1))


def burdens(codes: list[str], end_year: int = 2025) -> pd.DataFrame:
    """Per state: latest remittances and military expenditure (% of GDP) with their years.

    Columns: country, remittances, remittances_year, remittances_stale, military, military_year,
    military_stale (NaN/None where missing; ``*_stale`` is True when the state's latest figure is
    older than the latest year the source reports for any country).
    """
    remit = conn.per_gdp(REMITTANCES, codes, 1960, end_year)
    milex = security.milex(sipri.SHARE_OF_GDP, codes, 1949, end_year)
    last = {"remittances": last_year(REMITTANCES, None, end_year),
            "military": last_year(MILEX, sipri.SHARE_OF_GDP, end_year)}
    rows = []
    for code in codes:
        record = {"country": code}
        for column, table in (("remittances", remit), ("military", milex)):
            year, value = metrics.latest(table[code]) if code in table else (None, math.nan)
            record.update({column: value, f"{column}_year": year,
                           f"{column}_stale": year is not None and year < last[column]})
        rows.append(record)
    return pd.DataFrame(rows)


def largest_partner(segments: pd.DataFrame, flow: str) -> tuple[str | None, float]:
    """(label, share %) of the largest listed partner of ``flow`` that is a country (artefacts skipped)."""
    rows = segments[(segments["flow"] == flow) & (segments["label"] != REST) & ~segments["artefact"].astype(bool)]
    if rows.empty:
        return None, math.nan
    top = rows.sort_values("share", ascending=False).iloc[0]
    return top["label"], float(top["share"])


def agreement_latest(table: pd.DataFrame) -> pd.DataFrame:
    """The latest-session agreement rows of a headlines table, highest agreement first."""
    rows = table[(table["topic"] == "UN votes") & ~table["key"].str.endswith("_change")]
    return rows.sort_values("value", ascending=False, na_position="last")
