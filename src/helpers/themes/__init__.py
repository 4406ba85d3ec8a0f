"""One module per theme notebook: its tables, findings and figures, plus shared ``metrics``."""
