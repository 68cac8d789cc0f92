"""The back office's forms: the declaration form (``sheet``), made from the catalogue."""
