"""Numbers as they appear in a sentence, and the sentence for a missing number."""

from __future__ import annotations

import math
import re


def num(value: float, digits: int = 1) -> str:
    """12345.678 -> '12,345.7'; NaN -> 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def signed(value: float, digits: int = 2) -> str:
    """+0.12 / −0.66 (true minus sign) / 0.00 when it rounds to zero; 'n/a' for NaN."""
    if value is None or math.isnan(value):
        return "n/a"
    rounded = round(value, digits)
    if rounded == 0:
        return f"{0:.{digits}f}"
    return f"{rounded:+.{digits}f}".replace("-", "−")


def pct(fraction: float, digits: int = 0) -> str:
    """0.4567 -> '46%'; NaN -> 'n/a'."""
    if fraction is None or math.isnan(fraction):
        return "n/a"
    return f"{100 * fraction:.{digits}f}%"


def signed_pct(fraction: float, digits: int = 1) -> str:
    """0.123 -> '+12.3%'; NaN -> 'n/a'."""
    if fraction is None or math.isnan(fraction):
        return "n/a"
    return f"{100 * fraction:+.{digits}f}%"


def missing(what: str, country_name: str, source: str, reason: str = "") -> str:
    """The sentence a report prints instead of a number the source does not have."""
    return f"{source} reports no {what} for {country_name}" + (f": {reason}" if reason else "") + "."


# A link that say() keeps: control characters no data text contains mark its label and target.
_LINK = re.compile("\x02([^\x02\x03\x04]*)\x03([^\x02\x03\x04]*)\x04")
SAFE_TARGET = re.compile(r"https?://[^\s()<>\\]+|[\w-]+\.html(#[\w-]+)?")


def link(label: str, target: str) -> str:
    """A Markdown link for :func:`say`: an http(s) url or a sibling report (``energy.html``); anything
    else shows as the plain label."""
    return f"\x02{label}\x03{target}\x04"


# a code span: a run of backticks, text, the same run again (CommonMark); Markdown shows its text as is
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _inert(markdown: str) -> str:
    """Escape text outside code spans; a code span is already literal (escaping it would show the escapes)."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(markdown):
        parts += [_escaped(markdown[last:match.start()]), match[0]]
        last = match.end()
    return "".join(parts) + _escaped(markdown[last:])


def _escaped(markdown: str) -> str:
    for raw, safe in (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), ("[", r"\["), ("]", r"\]"), ("$", r"\$")):
        markdown = markdown.replace(raw, safe)
    return markdown


def say(markdown: str) -> None:
    """Display a sentence as Markdown (bold, italics, lists), inert: backslash, '&', '<', '[', ']' and '$'
    are escaped, so text from data (a partner's name, a note) never becomes HTML, script, a link or
    maths ('US$ 1 bn ... US$ 2 bn'). Code spans (```a<b```) are shown as typed, not escaped. Links
    made with :func:`link` are kept.
    """
    from IPython.display import Markdown, display

    parts, last = [], 0
    for match in _LINK.finditer(markdown):
        label, target = _inert(match[1]), match[2]
        parts += [_inert(markdown[last:match.start()]),
                  f"[{label}]({target})" if SAFE_TARGET.fullmatch(target) else label]
        last = match.end()
    display(Markdown("".join(parts) + _inert(markdown[last:])))


def year_ranges(years, last_join: str = " and ") -> str:
    """[1992, 1993, 2001, 2004] -> '1992–1993, 2001 and 2004'; [] -> ''.

    ``last_join=", "`` gives a plain list: '1992–1993, 2001, 2004'.
    """
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return listing([str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs], last_join)


def the(label: str) -> str:
    """A name as it reads inside a sentence: 'United States' -> 'the United States'; 'Italy' unchanged."""
    return f"the {label}" if label.startswith(("United ", "Netherlands", "Republic of")) else label


def possessive(label: str) -> str:
    """'China' -> "China's", 'the United States' -> "the United States'"."""
    return label + ("'" if label.endswith("s") else "'s")


def listing(items, last_join: str = " and ") -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a and b'; ['a', 'b', 'c'] -> 'a, b and c'; [] -> ''."""
    items = [str(i) for i in items]
    return last_join.join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th', 23 -> '23rd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_phrase(place: int | None, of: int) -> str:
    """(1, 5) -> 'the highest', (5, 5) -> 'the lowest', (3, 5) -> 'the 3rd highest'; 'unranked' for None."""
    if place is None:
        return "unranked"
    if place == 1:
        return "the highest"
    if place == of:
        return "the lowest"
    return f"the {ordinal(place)} highest"
