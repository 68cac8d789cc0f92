"""Signals other apps listen to, so that partnerships need not know about them."""

from django.dispatch import Signal

# Sent with ``ids`` (partnership ids) once sheets and all their parts are written,
# inside the writer's transaction: the search index rewrites their documents.
projects_changed = Signal()
