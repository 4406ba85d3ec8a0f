"""Shared library of the Central Asian geopolitics notebook collection.

Data flows one way: catalog entry -> verified file (``fetch``) -> tidy table
(``sources``) -> metrics -> figure (``plots``). Notebooks call ``data.load``.
"""

__version__ = "0.1.0"
