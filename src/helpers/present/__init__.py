"""Presentation: house style (``plots``), shared chart patterns (``charts``), figures with their
data (``figures``), sentences (``text``)."""

# The output type that carries a figure's data beside its picture (``figures.show`` writes it,
# the report writer reads it); here so the report layer need not import matplotlib to know it.
FIGURE_DATA_MIME = "application/vnd.ca-geopolitics.data+json"
