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

import pandas as pd

from helpers import data
from helpers.data import catalog, countries
from helpers.present import text
from helpers.themes import alignment, energy, engagement, findings, metrics
from helpers.themes import connectivity as conn
from helpers.themes import security
from helpers.data.countries import check_central_asian, name
from helpers.data.sources import ei, sipri

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
TOPICS = ("Trade", "UN votes", "Oil and gas", "Military spending", "Remittances", "U.S. assistance", "Chinese finance")
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
    made = [f"**{r['text']}** of {label}{when(r)}" for r, label in ((oil, "oil"), (gas, "gas")) if not findings.is_missing(r["value"])]
    out += f"{name(country)} produced " + " and ".join(made) + ". " if made else ""
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
    row = findings.row(table, "military_gdp")
    return (_latest_sentence(row, f"**Military spending ({source_label(MILEX)}", "{poss} military expenditure was",
                             country) + _tag(table[table["key"] == "military_gdp"], "security"))


def remittance_sentence(table: pd.DataFrame, country: str) -> str:
    row = findings.row(table, "remittances_gdp")
    return (_latest_sentence(row, f"**Remittances ({source_label(REMITTANCES)}",
                             "personal remittances received by {name} equalled", country)
            + _tag(table[table["key"] == "remittances_gdp"], "connectivity"))


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

    Columns: flow, label, group (:data:`helpers.themes.connectivity.GROUPS` or :data:`REST`), share (%),
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
            if findings.is_missing(r.share) or r.share <= 0:
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
    last = {"remittances": findings.last_year(REMITTANCES, None, end_year),
            "military": findings.last_year(MILEX, sipri.SHARE_OF_GDP, end_year)}
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
