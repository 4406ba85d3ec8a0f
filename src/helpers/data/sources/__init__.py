"""One parser per producer. Each module exposes ``parse(dataset, files)``.

``files`` maps file name -> verified local path. Panel parsers return
:data:`helpers.data.PANEL_COLUMNS` through :func:`tidy_panel`.
"""

from __future__ import annotations

import pandas as pd

PANEL_COLUMNS = ["country", "year", "indicator", "value", "unit", "source", "is_aggregate"]


def tidy_panel(frame: pd.DataFrame, dataset_id: str) -> pd.DataFrame:
    """Coerce a parser's output to the panel contract; drop rows with no value."""
    out = frame.assign(source=dataset_id)[PANEL_COLUMNS].copy()
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out = out.dropna(subset=["value", "year"])
    out["year"] = out["year"].astype("int64")
    for col in ("country", "indicator", "unit", "source"):
        out[col] = out[col].astype(str)
    out["is_aggregate"] = out["is_aggregate"].astype(bool)
    return out.sort_values(["indicator", "country", "year"]).reset_index(drop=True)


def text_or_none(values: pd.Series) -> pd.Series:
    """Stripped strings, with blanks and missing values as None."""
    out = values.astype(object).where(values.notna(), None)
    return out.map(lambda v: (str(v).strip() or None) if v is not None else None)
