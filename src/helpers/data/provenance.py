"""The 'Data used' table at the end of every report: one hop from figure to pinned file."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data import catalog


def sources_table(dataset_ids: Iterable[str]) -> pd.DataFrame:
    """Dataset id, producer, licence, years, pinned url and sha256 for each dataset used."""
    rows = []
    for dataset_id in dict.fromkeys(dataset_ids):
        dataset = catalog.get(dataset_id)
        for f in dataset.files:
            rows.append({"dataset": dataset.id, "producer": dataset.short_producer,
                         "licence": dataset.license_short, "years": dataset.years or "",
                         "file": f.name, "pinned url": f.url, "sha256": f.sha256[:16] + "…"})
    return pd.DataFrame(rows)


def caveats(dataset_id: str) -> list[str]:
    """The producer-level caveats recorded for a dataset, as a list of sentences/paragraphs."""
    notes = catalog.get(dataset_id).caveats
    if notes is None:
        return []
    return list(notes) if isinstance(notes, list) else [notes]
