"""The back office's pages: the dashboard and lists (``dashboard``), a sheet, its form
and its review steps (``sheets``), its history (``history``)."""
