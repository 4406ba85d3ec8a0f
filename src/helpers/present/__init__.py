"""Presentation: house style and figure patterns (``plots``), sentences (``text``)."""
