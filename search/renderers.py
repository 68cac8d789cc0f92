"""Other forms of a search's results (Datasette's output renderers are the model): the
search page advertises each with ``<link rel="alternate">`` at ``/fr/projets.<extension>``
with the same parameters. The apps that write those forms register them (``api`` the
JSON page of results, ``opendata`` the CSV table), so that an alternate gives exactly what
the API or the export gives for the same query, and this app imports neither."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Renderer:
    extension: str
    media_type: str
    title: Promise  # what the link says
    render: Callable[[HttpRequest], HttpResponse]  # the search of the request's parameters


_renderers: dict[str, Renderer] = {}


def register(renderer: Renderer) -> None:
    _renderers[renderer.extension] = renderer


def renderers() -> list[Renderer]:
    return list(_renderers.values())


def renderer(extension: str) -> Renderer | None:
    return _renderers.get(extension)
