"""The brief: one page per state, every number from one table of headlines.

:func:`headlines` gathers the headline numbers of every theme through the theme
helpers (:mod:`helpers.themes.connectivity`, :mod:`helpers.themes.alignment`,
:mod:`helpers.themes.energy`, :mod:`helpers.themes.security`, :mod:`helpers.themes.engagement`),
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
import re

import pandas as pd

from helpers import data
from helpers.data import catalog, countries
from helpers.present import figures, plots, text
from helpers.themes import alignment, claims, energy, engagement, findings, metrics
from helpers.themes import connectivity as conn
from helpers.themes import security
from helpers.data.countries import check_central_asian, name
from helpers.data.sources import sipri

COLUMNS = ["ref", *findings.COLUMNS]
POWERS = countries.POWERS
BASE_YEAR = alignment.BASE_YEAR
SYB_PARTNERS = conn.SYB_PARTNERS
UNGA = alignment.AGREEMENT
EI = energy.EI
MILEX = security.MILEX
REMITTANCES, GDP = conn.REMITTANCES, conn.GDP
US_AID, GCDF = engagement.US_AID, engagement.GCDF
CHINA_LAST_YEAR = engagement.CHINA_LAST_YEAR
DATASETS: tuple[str, ...] = (SYB_PARTNERS, UNGA, EI, MILEX, REMITTANCES, GDP, US_AID, GCDF)
NOT_REPORTED = findings.NOT_REPORTED
# the brief's topics in the order it states them
TOPICS = ("Trade", "UN votes", "Oil and gas", "Military spending", "Remittances", "U.S. attention", "U.S. assistance",
          "Chinese finance")
SOURCE_LABELS = {SYB_PARTNERS: "UN Statistical Yearbook", UNGA: "Voeten et al. UNGA voting data"}


def source_label(dataset_id: str) -> str:
    """The producer as a sentence names it (the catalog's short producer name unless shortened here)."""
    return SOURCE_LABELS.get(dataset_id) or catalog.get(dataset_id).short_producer


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """The headline numbers of every theme the brief states (columns: :data:`COLUMNS`), numbered in topic order.

    Each theme's own ``headlines`` computes its rows; the brief only orders and numbers them.
    """
    country = check_central_asian(country)
    parts = [theme.headlines(country, start_year, end_year) for theme in (conn, alignment, energy, security, engagement)]
    parts.append(engagement.attention_headlines(country, start_year, end_year))
    table = pd.concat(parts, ignore_index=True)
    order = table["topic"].map({topic: i for i, topic in enumerate(TOPICS)})
    table = table.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    table.insert(0, "ref", range(1, len(table) + 1))
    return table[COLUMNS]


def datasets_used(table: pd.DataFrame) -> list[str]:
    """Every dataset id named in a headlines table, in order of first appearance."""
    return list(dict.fromkeys(d for cell in table["datasets"] for d in cell.split("; ") if d))


# --- sentences -----------------------------------------------------------------------------------

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


def trade_sentence(table: pd.DataFrame, country: str) -> str:
    """China's and Russia's shares of exports and imports, and the largest partner if it is someone else."""
    rows = table[table["topic"] == "Trade"]
    lead = f"**Trade ({source_label(SYB_PARTNERS)}"
    years = rows["year"].dropna()
    if years.empty:
        return f"{lead}).** Not reported: {findings.reason(rows.iloc[0])}." + _tag(rows, "connectivity")
    year = int(years.iloc[0])
    parts = []
    for i, power in enumerate(("CHN", "RUS")):
        ex, im = findings.row(table, f"trade_exports_{power}"), findings.row(table, f"trade_imports_{power}")
        ceilings = [findings.reason(r).split("below the third-ranked partner's ") for r in (ex, im)]
        if findings.is_missing(ex["value"]) and findings.is_missing(im["value"]):
            bounds = [f"{c[1]} of {f}" for c, f in zip(ceilings, conn.FLOWS) if len(c) == 2]
            parts.append(f"{name(power)} is among the top three partners in neither direction"
                         + (f" (below {' and '.join(bounds)})" if bounds else ""))
            continue
        bits = []
        for row, ceiling, flow, verb in ((ex, ceilings[0], "exports", "bought"), (im, ceilings[1], "imports", "supplied")):
            whose = f"{text.possessive(name(country))} goods {flow}" if i == 0 and flow == "exports" else flow
            if findings.is_missing(row["value"]):
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
        sentence += " " + findings.cap("; ".join(extra)) + "."
    return sentence + _tag(rows, "connectivity")


def unga_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "UN votes"]
    latest = rows[~rows["key"].str.endswith("_change")]
    lead = f"**UN votes ({source_label(UNGA)}"
    if latest["value"].isna().all():
        return f"{lead}).** Not reported: {findings.reason(latest.iloc[0])}." + _tag(rows, "alignment")
    year = int(latest["year"].dropna().iloc[0])
    order = latest.sort_values("value", ascending=False, na_position="last")
    said = [f"like {alignment.in_sentence(r['partner'])} on **{r['text']}**" for _, r in order.iterrows()]
    changes = []
    for _, r in order.iterrows():
        change = findings.row(table, f"{r['key']}_change")
        who = alignment.in_sentence(r["partner"])
        changes.append(f"{change['text']} with {who}" if not findings.is_missing(change["value"])
                       else f"no change can be given with {who} ({findings.reason(change)})")
    return (f"{lead}, {year} session).** {name(country)} voted " + ", ".join(said[:-1]) + f" and {said[-1]} of the UN "
            f"General Assembly roll calls on which both voted; since {BASE_YEAR} that is " + ", ".join(changes) + "."
            + _tag(rows, "alignment"))


def energy_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "Oil and gas"]
    oil, gas = findings.row(table, "oil_production"), findings.row(table, "gas_production")
    exports, china = findings.row(table, "gas_pipeline_exports"), findings.row(table, "gas_pipeline_exports_CHN")
    lead = f"**Oil and gas ({source_label(EI)}"
    if rows["value"].isna().all() and oil["note"] == exports["note"]:
        return f"{lead}).** Not reported: {findings.reason(oil)}." + _tag(rows, "energy")
    years = sorted({int(y) for y in rows["year"].dropna()})
    out = f"{lead}, {'/'.join(str(y) for y in years)}).** "
    when = lambda r: f" in {int(r['year'])}" if len(years) > 1 else ""
    produced = [(r, label) for r, label in ((oil, "oil"), (gas, "gas")) if not findings.is_missing(r["value"])]
    once = len({int(r["year"]) for r, _ in produced}) == 1  # both in one year: name it once
    made = [f"**{r['text']}** of {label}" + ("" if once else when(r)) for r, label in produced]
    out += f"{name(country)} produced " + " and ".join(made) + (when(produced[0][0]) if once else "") + ". " if made else ""
    for r, label in ((oil, "oil"), (gas, "gas")):
        if findings.is_missing(r["value"]):
            out += f"No {label} production: {findings.reason(r)}. "
    if findings.is_missing(exports["value"]):
        out += f"Pipeline gas exports: {findings.reason(exports)}."
    else:
        others = f" ({china['note']})" if china["note"].startswith("other") else ""
        out += (f"Of the **{exports['text']}** of pipeline gas exports the EI records{when(exports)}, **{china['text']}** "
                f"went to China{others}; {exports['note']}.")
    return out + _tag(rows, "energy")


def _latest_sentence(row: pd.Series, lead: str, subject: str, country: str) -> str:
    """'... (SIPRI, 2024).** Kazakhstan's military expenditure was 0.43% of GDP.', the last-figure form when
    later years are missing, or the not-reported form. ``subject`` may use {name} and {poss}."""
    if findings.is_missing(row["value"]):
        return f"{lead}).** Not reported: {findings.reason(row)}."
    year = int(row["year"])
    said = subject.format(name=name(country), poss=text.possessive(name(country)))
    if row["note"].startswith("the last year"):
        source, gap = row["note"].removeprefix("the last year ").split(" reports for ")[0], row["note"].split("no figure for ")[1]
        return (f"{lead}, {year}).** The last figure is for {year}, when {said} **{row['text']}** of GDP; "
                f"{source} has none for {gap}.")
    return f"{lead}, {year}).** {findings.cap(said)} **{row['text']}** of GDP."


def military_sentence(table: pd.DataFrame, country: str) -> str:
    """The burden (% of GDP) in the last year SIPRI reports, and the amount in constant USD when it has one."""
    row, usd = findings.row(table, "military_gdp"), findings.row(table, "military_usd")
    out = _latest_sentence(row, f"**Military spending ({source_label(MILEX)}", "{poss} military expenditure was",
                           country)
    if not findings.is_missing(usd["value"]):
        out = out.rstrip(".") + f"; in money, **{usd['text']}** in {usd['year_label']} (constant 2023 prices)."
    return out + _tag(table[table["topic"] == "Military spending"], "security")


def remittance_sentence(table: pd.DataFrame, country: str) -> str:
    row = findings.row(table, "remittances_gdp")
    return (_latest_sentence(row, f"**Remittances ({source_label(REMITTANCES)}",
                             "personal remittances received by {name} equalled", country)
            + _tag(table[table["key"] == "remittances_gdp"], "connectivity"))


ATTENTION_LABELS = {"secstate_trips": "Secretary of State trips", "presidential_trips": "presidential trips",
                    "leader_visits": "leaders' visits"}


def attention_sentence(table: pd.DataFrame, country: str) -> str:
    """Trips by the U.S. Secretary of State and President, and the state's leaders' visits to the U.S., on record."""
    rows = table[table["topic"] == "U.S. attention"]
    lead = f"**U.S. attention ({source_label(engagement.TRAVELS)}"
    reported = rows.dropna(subset=["value"])
    if reported.empty:
        return f"{lead}).** Not reported: {findings.reason(rows.iloc[0])}." + _tag(rows, "engagement")
    span = text.year_ranges(range(int(reported["base_year"].min()), int(reported["year"].max()) + 1))
    leaders = f" by {text.possessive(name(country))} leaders"
    parts = [f"**{r['text']}**" + (leaders if r["key"] == "leader_visits" else "") if not findings.is_missing(r["value"])
             else f"no count of {ATTENTION_LABELS[r['key']]} ({findings.reason(r)})" for _, r in rows.iterrows()]
    ends = [f"{ATTENTION_LABELS[r['key']]} {r['note'].removeprefix('record ends ')}"
            for _, r in reported.iterrows() if r["note"].startswith("record ends ")]
    tail = f" The record runs to: {'; '.join(ends)}." if ends else ""
    return f"{lead}, {span}).** The record holds {text.listing(parts)}.{tail}" + _tag(rows, "engagement")


def us_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "U.S. assistance"]
    ob, db = findings.row(table, "us_obligations"), findings.row(table, "us_disbursements")
    lead = f"**U.S. assistance ({source_label(US_AID)}"
    if findings.is_missing(ob["value"]) and findings.is_missing(db["value"]):
        return f"{lead}).** Not reported: {findings.reason(ob)}." + _tag(rows, "engagement")
    year = ob["year_label"] if not findings.is_missing(ob["value"]) else db["year_label"]
    parts = [f"obligated **{ob['text']}**" if not findings.is_missing(ob["value"]) else f"obligations not reported ({findings.reason(ob)})",
             f"disbursed **{db['text']}**" if not findings.is_missing(db["value"]) else f"disbursements not reported ({findings.reason(db)})"]
    note = f" {findings.cap(ob['note'])}." if ob["note"] else ""
    return (f"{lead}, {year}).** U.S. agencies " + " and ".join(parts) + f" for {name(country)} "
            f"(constant FY{engagement.US_BASE_FY} prices; the two measures overlap and are not added).{note}"
            + _tag(rows, "engagement"))


def china_sentence(table: pd.DataFrame, country: str) -> str:
    rows = table[table["topic"] == "Chinese finance"]
    cn, us = findings.row(table, "china_commitments"), findings.row(table, "us_obligations_same_years")
    lead = f"**Chinese finance ({source_label(GCDF)}"
    if findings.is_missing(cn["value"]):
        return f"{lead}).** Not reported: {findings.reason(cn)}." + _tag(rows, "engagement")
    out = (f"{lead}, {cn['year_label']}).** China committed **{cn['text']}** of official finance to {name(country)} "
           f"(constant {engagement.CHINA_BASE_YEAR} prices; signed commitments, mostly loans, not disbursements)")
    if not findings.is_missing(us["value"]):
        out += f", against **{us['text']}** of U.S. obligations in {us['year_label']} at the same prices"
    else:
        out += f"; U.S. obligations over the same years are not reported ({findings.reason(us)})"
    return out + "." + _tag(rows, "engagement")


def sentences(table: pd.DataFrame, country: str) -> list[str]:
    """The brief's bullets, in order, each built only from ``table`` (a :func:`headlines` table)."""
    return [f(table, country) for f in (trade_sentence, unga_sentence, energy_sentence, military_sentence,
                                        remittance_sentence, attention_sentence, us_sentence, china_sentence)]


def claims_text(country: str, start_year: int, end_year: int) -> str:
    """One line per claim of the collection's premise: its verdict for this state and how many tests decided it."""
    rows = claims.headlines(country, start_year, end_year)
    lines = [f"* {row['measure']}: **{row['text']}**, {row['note'].split(': ', 1)[-1]}" for _, row in rows.iterrows()]
    return ("## The premise, tested\n\nThe collection's premise, claim by claim, judged from the data by rules "
            "with stated thresholds (the numbers, years and rules are in the "
            f"{text.link('claims report', 'claims.html')}):\n\n" + "\n".join(lines))


def printed_unit(unit: str, shown: str) -> str:
    """The unit of a value as printed: 'USD million, ...' becomes 'USD billion, ...' beside 'USD 64.1 billion'."""
    if unit.startswith("USD million") and re.fullmatch(r"USD [\d,.]+ billion", shown):
        return unit.replace("USD million", "USD billion", 1)
    return unit


def traceability_table(table: pd.DataFrame) -> pd.DataFrame:
    """The headlines as the reader's 'where each number comes from' table (units those of the printed values).

    The year labels ('2023', 'FY2000–FY2021') are a ``period`` column: a ``year`` column of a shown table must
    hold years (:func:`helpers.present.figures.data_csv` writes it as integers).
    """
    return pd.DataFrame({
        "row": table["ref"], "topic": table["topic"], "measure": table["measure"], "value": table["text"],
        "unit": [printed_unit(u, t) for u, t in zip(table["unit"], table["text"])], "period": table["year_label"],
        "dataset": table["datasets"], "note": table["note"],
    })


# --- figures ---------------------------------------------------------------------------------------

REST = "Rest (partners outside the SYB's top three)"
TRADE_UNIT = "% of goods trade in that direction"
SEGMENT_COLUMNS = [*figures.DATA_COLUMNS, "flow", "group", "artefact", "meaning"]
PRODUCTION = {"Oil": ("Oil production", "million tonnes"), "Gas": ("Gas production", "billion m³")}
BURDENS = {"remittances": "Remittances received", "military": "Military spending"}


def _years(first: int, last: int) -> str:
    """'2000-2023', or '2023' for one year (alt text uses a hyphen)."""
    return str(first) if first == last else f"{first}-{last}"


def _sessions(first: int, last: int) -> str:
    return f"session {first}" if first == last else f"sessions {first}-{last}"


def gap_text(data: pd.DataFrame, what: str, source: str, country: str, years: tuple[int, int] | None = None) -> str:
    """'' when ``data`` holds a value, else the sentence saying the source has none (in ``years``, if given)."""
    if len(data) and data["value"].notna().any():
        return ""
    reason = "" if years is None else f"none in {findings.year_label(years[1], years[0])}"
    return text.missing(what, name(country), source, reason)


def trade_segments(country: str) -> pd.DataFrame:
    """Tidy partner shares (%) of exports and imports in the SYB's ranking year, and the remainder.

    ``series`` is the partner's label; extra columns: flow, group (:data:`helpers.themes.connectivity.GROUPS`
    or :data:`REST`), artefact (a non-country 'partner' or a known coding error), meaning (what the
    artefact is). No rows when the SYB lists no partners for the country.
    """
    year = conn.partner_year(country)
    if year is None:
        return pd.DataFrame(columns=SEGMENT_COLUMNS)
    table = conn.partners(country)
    rows = []
    for flow in conn.FLOWS:
        listed = table[(table["year"] == year) & (table["flow"] == flow)].sort_values("rank")
        for r in listed.itertuples():
            odd = conn.is_artefact(country, r.partner)
            rows.append({"series": conn.display_name(r.partner, r.partner_name), "value": 100 * r.share, "flow": flow,
                         "group": r.group, "artefact": odd,
                         "meaning": conn.KNOWN_ARTEFACTS.get((country, r.partner), "trade not allocated to a country")
                         if odd else ""})
        rest = 100 - 100 * listed["share"].sum() if len(listed) else math.nan
        rows.append({"series": REST, "value": rest, "flow": flow, "group": REST, "artefact": False, "meaning": ""})
    return pd.DataFrame(rows).assign(country=country, year=year, unit=TRADE_UNIT)[SEGMENT_COLUMNS]


def draw_trade(ax, segments: pd.DataFrame) -> list:
    """Two stacked horizontal bars (exports, imports) of partner shares; returns legend handles by group."""
    from matplotlib.patches import Patch

    colours = {**conn.GROUP_COLOURS, REST: "#e4e4e4"}
    for y, flow in enumerate(conn.FLOWS):
        left = 0.0
        for r in segments[segments["flow"] == flow].itertuples():
            if findings.is_missing(r.value) or r.value <= 0:
                continue
            ax.barh(y, r.value, left=left, color=colours.get(r.group, "#999999"), edgecolor="white",
                    hatch="///" if r.artefact else None, height=0.55)
            if r.series == REST:
                ax.text(left + r.value / 2, y, f"rest {text.num(r.value, 1)}%", ha="center", va="center",
                        fontsize=7.5, color="#555555")
            elif r.value >= 9 and len(r.series) <= r.value * 0.9:
                ax.text(left + r.value / 2, y, f"{r.series}\n{text.num(r.value, 1)}%", ha="center", va="center",
                        fontsize=7.5, color="white" if r.group != conn.UNALLOCATED else "#222222")
            else:  # too narrow for the name: write it above the bar
                ax.text(left + r.value / 2, y - 0.34, f"{r.series} {text.num(r.value, 1)}%", ha="center", va="bottom",
                        fontsize=7, color="#333333")
            left += r.value
    ax.set_yticks(range(len(conn.FLOWS)), [f.capitalize() for f in conn.FLOWS])
    ax.set_ylim(len(conn.FLOWS) - 0.5, -0.75)  # room above the first bar for labels of narrow segments
    ax.set_xlim(0, 100)
    ax.set_xlabel(TRADE_UNIT)
    ax.grid(axis="y", visible=False)
    present = [g for g in (*conn.GROUPS, REST) if g in set(segments["group"])]
    return [Patch(color=colours[g], label=g) for g in present]


def largest_partner(segments: pd.DataFrame, flow: str) -> tuple[str | None, float]:
    """(label, share %) of the largest listed partner of ``flow`` that is a country (artefacts skipped)."""
    rows = segments[(segments["flow"] == flow) & (segments["series"] != REST) & ~segments["artefact"].astype(bool)]
    if rows.empty:
        return None, math.nan
    top = rows.sort_values("value", ascending=False).iloc[0]
    return top["series"], float(top["value"])


def trade_figure(segments: pd.DataFrame, country: str) -> figures.Figure | None:
    """The stacked partner bars, titled with the largest supplier and buyer; None without listed partners."""
    if segments.empty:
        return None
    year = int(segments["year"].iloc[0])
    (top_ex, ex_share), (top_im, im_share) = largest_partner(segments, "exports"), largest_partner(segments, "imports")
    fig, ax = plots.new_figure(figsize=(7.5, 2.8))
    fig.legend(handles=draw_trade(ax, segments), loc="outside right center", fontsize=8)
    supplied = (f"{findings.cap(text.the(top_im))} supplied {findings.percent(im_share)} of {name(country)}'s goods imports"
                if top_im else f"No listed import partner of {name(country)} is a country")
    bought = (f"{text.the(top_ex)} bought {findings.percent(ex_share)} of its exports" if top_ex
              else "no listed export partner is a country")
    artefacts = segments[segments["artefact"].astype(bool)]
    hatched = " Hatched: " + "; ".join(f"{r.series} ({findings.percent(r.value)} of {r.flow}): {r.meaning}"
                                       for r in artefacts.itertuples()) + "." if len(artefacts) else ""
    return figures.Figure(
        "trade-partners", fig, segments, f"{supplied} and {bought} in {year}",
        f"Two stacked bars of {name(country)}'s goods exports and imports in {year}, split into the three largest "
        "listed partners and the rest: " + "; ".join(f"{r.flow} {r.series} {findings.percent(r.value)}"
                                                    for r in segments.itertuples()) + ".",
        (SYB_PARTNERS,),
        note="Only the three largest partners per direction are listed; the EU appears as single member states." + hatched)


def agreement_latest(table: pd.DataFrame) -> pd.DataFrame:
    """The latest-session agreement rows of a headlines table, highest agreement first."""
    rows = table[(table["topic"] == "UN votes") & ~table["key"].str.endswith("_change")]
    return rows.sort_values("value", ascending=False, na_position="last")


def _changed(table: pd.DataFrame, power: str) -> str:
    change = findings.row(table, f"unga_{power}_change")
    if findings.is_missing(change["value"]):
        return f"cannot be compared ({findings.reason(change)})"
    return f"changed by {change['text']}"


def agreement_figure(agree: pd.DataFrame, table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Agreement with the three powers over the sessions (``agree`` from
    :func:`helpers.themes.alignment.agreement_data`), titled from the headlines; None without scores."""
    scored = agree.dropna(subset=["value"])
    if scored.empty:
        return None
    lines = agree.pivot(index="year", columns="power", values="value")
    fig, ax = plots.new_figure(figsize=(7.5, 3.0))
    for power in POWERS:
        ax.plot(lines.index, lines[power], color=plots.colour(power), label=name(power))
    ax.axvline(BASE_YEAR, color="#777777", linestyle=":", linewidth=1)
    ax.text(BASE_YEAR, 2, f" {BASE_YEAR}", fontsize=8, color="#555555")
    ax.set_ylim(0, 100)
    ax.set_ylabel(alignment.AGREEMENT_UNIT)
    ax.set_xlabel("UNGA session (year it opened)")
    fig.legend(loc="outside right center", fontsize=8)
    latest = agreement_latest(table)
    top = latest.iloc[0]
    return figures.Figure(
        "agreement", fig, agree,
        f"{name(country)} votes most often with {name(top['partner'])} ({top['text']} of roll calls in {top['year_label']}); "
        f"since {BASE_YEAR} its agreement with Russia {_changed(table, 'RUS')}, with the United States "
        f"{_changed(table, 'USA').removeprefix('changed ')}",
        f"Line chart of the share of UN General Assembly roll calls on which {name(country)} voted like the United States, "
        f"Russia and China, {_sessions(int(scored['year'].min()), int(scored['year'].max()))}, with a dotted line at "
        f"{BASE_YEAR}. In {top['year_label']}: " + ", ".join(f"{name(r['partner'])} {r['text']}" for _, r in latest.iterrows()) + ".",
        (UNGA,), note=plots.MISSING_NOTE)


def production_data(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy oil and gas production (EI) every year in range; no rows when the EI does not list the country."""
    if not energy.ei_reports(country):
        return pd.DataFrame(columns=list(figures.DATA_COLUMNS))
    balance = energy.fuel_balance(country, start_year, end_year)
    return pd.concat([figures.tidy(balance[fuel][["Production"]].set_axis([country], axis=1), series, unit)
                      for fuel, (series, unit) in PRODUCTION.items()], ignore_index=True)


def production_figure(production: pd.DataFrame, table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Oil and gas production as two line panels, titled from the headlines; None without EI figures."""
    if production.empty or production["value"].isna().all():
        return None
    fig, axes = plots.new_figure(1, 2, figsize=(7.5, 2.6))
    for ax, (series, unit) in zip(axes, PRODUCTION.values()):
        rows = production[production["series"] == series]
        ax.plot(rows["year"], rows["value"], color=plots.colour(country))
        ax.set_title(series, fontsize=10)
        ax.set_ylabel(unit)
        ax.set_xlabel("Year")
        ax.set_ylim(bottom=0)
    made = [(findings.row(table, key), label) for key, label in (("oil_production", "oil"), ("gas_production", "gas"))]
    made = [(r, label) for r, label in made if not findings.is_missing(r["value"])]
    years = {r["year_label"] for r, _ in made}
    said = " and ".join(f"{r['text']} of {label}" + ("" if len(years) == 1 else f" in {r['year_label']}") for r, label in made)
    when = f" in {years.pop()}" if len(years) == 1 else ""
    span = _years(int(production["year"].min()), int(production["year"].max()))
    return figures.Figure(
        "oil-gas-production", fig, production, f"{name(country)} produced {said}{when}",
        f"Two line charts of {name(country)}'s oil production (million tonnes) and gas production (billion cubic metres), "
        f"{span};{when} {said}.", (EI,), note=plots.MISSING_NOTE)


def burdens(codes: list[str], end_year: int = 2025) -> pd.DataFrame:
    """Tidy latest remittances and military expenditure (% of GDP) per state, ``year`` the year of each figure.

    Series: :data:`BURDENS`; extra column ``stale``: True when the state's latest figure is older than the
    latest year the source reports for any country. A state without a figure has value NaN and no year.
    """
    tables = {"remittances": conn.per_gdp(REMITTANCES, codes, 1960, end_year),
              "military": security.milex(sipri.SHARE_OF_GDP, codes, 1949, end_year)}
    last = {"remittances": findings.last_year(REMITTANCES, None, end_year),
            "military": findings.last_year(MILEX, sipri.SHARE_OF_GDP, end_year)}
    rows = []
    for column, series in BURDENS.items():
        for code in codes:
            year, value = metrics.latest(tables[column][code]) if code in tables[column] else (None, math.nan)
            rows.append({"country": code, "year": year, "series": series, "value": value, "unit": "% of GDP",
                         "stale": year is not None and year < last[column]})
    out = pd.DataFrame(rows)
    out["year"] = pd.array(out["year"], dtype="Int64")
    return out


def _with_year(value: float, year) -> str:
    return findings.percent(value) + ("" if pd.isna(year) else f" ({int(year)})")


def burden_figure(burden: pd.DataFrame, table: pd.DataFrame, country: str) -> figures.Figure:
    """Remittances and military spending (% of GDP) of every state compared, stale figures pale and hatched."""
    fig, axes = plots.new_figure(1, 2, figsize=(7.5, 2.8), sharey=True)
    codes = list(dict.fromkeys(burden["country"]))
    labels = [name(c) for c in codes]
    for ax, series in zip(axes, BURDENS.values()):
        rows = burden[burden["series"] == series].set_index("country").reindex(codes)
        values = rows["value"].astype(float)
        bars = ax.barh(labels, values.fillna(0), color=[plots.colour(c, i) for i, c in enumerate(codes)])
        for bar, stale in zip(bars, rows["stale"]):
            if stale:
                bar.set_alpha(0.35)
                bar.set_hatch("///")
        for y, (v, year) in enumerate(zip(values, rows["year"])):
            ax.text(0 if math.isnan(v) else v, y, "  not reported" if math.isnan(v) else f" {_with_year(v, year)}",
                    va="center", fontsize=7.5, color="#333333")
        ax.set_xlim(0, max(values.max(), 1) * 1.6)
        ax.set_title(series, fontsize=10)
        ax.set_xlabel("% of GDP, latest year")
        ax.grid(axis="y", visible=False)
    axes[0].invert_yaxis()
    rem, mil = findings.row(table, "remittances_gdp"), findings.row(table, "military_gdp")
    remitted = (f"Remittances equalled {rem['text']} of {name(country)}'s GDP ({rem['year_label']})"
                if not findings.is_missing(rem["value"]) else f"Remittances to {name(country)} are not reported")
    spent = (f"military spending {mil['text']} ({mil['year_label']})" if not findings.is_missing(mil["value"])
             else "military spending is not reported")
    by_country = burden.pivot(index="country", columns="series", values=["value", "year"]).reindex(codes)
    return figures.Figure(
        "remittances-military", fig, burden, f"{remitted} and {spent}",
        "Two bar charts of personal remittances received and military expenditure as % of GDP, latest year, for "
        + ", ".join(labels) + ": " + "; ".join(
            f"{name(c)} remittances {_with_year(by_country.loc[c, ('value', BURDENS['remittances'])], by_country.loc[c, ('year', BURDENS['remittances'])])}"
            f", military {_with_year(by_country.loc[c, ('value', BURDENS['military'])], by_country.loc[c, ('year', BURDENS['military'])])}"
            for c in codes) + ".",
        (REMITTANCES, GDP, MILEX),
        note="Each bar is the latest year the source reports for that state (printed beside it); pale hatched bars are "
             "older than the source's latest year: no figure has been published since.")
