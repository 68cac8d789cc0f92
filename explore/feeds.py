"""The Atom feed of a search (``/fr/projets.atom?…``, advertised beside its JSON and CSV):
its partnerships most recently published or updated, for a feed reader to follow a
country, a theme, an authority, or the whole atlas."""

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from catalogue.summaries import summaries
from search.service import matching_ids, search_form

FEED_SIZE = 50


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = "-updated"  # the latest changes first, whatever the page's order
        form, index = search_form(params)
        if not form.is_valid():
            raise BadRequest(" ".join(e for errors in form.errors.values() for e in errors))
        params.pop("sort")
        return {
            "query": params.urlencode(),
            "projects": summaries(matching_ids(form, index)[:FEED_SIZE]),
        }

    def title(self, found):
        return _("Atlas de la coopération décentralisée : partenariats publiés ou mis à jour")

    def subtitle(self, found):
        return _("Les %(n)s partenariats de cette recherche les plus récemment mis à jour.") % {
            "n": FEED_SIZE
        }

    def link(self, found):
        query = found["query"]
        return reverse("search:projects") + (f"?{query}" if query else "")

    def feed_url(self, found):
        query = found["query"]
        address = reverse("search:projects_alternate", kwargs={"extension": "atom"})
        return address + (f"?{query}" if query else "")

    def items(self, found):
        return found["projects"]

    def item_title(self, project):
        return project.title

    def item_link(self, project):
        return project.get_absolute_url()

    def item_description(self, project):
        return " — ".join(
            part
            for part in (
                ", ".join(project.french),
                ", ".join(f"{p.name} ({p.country_name})" for p in project.foreign),
            )
            if part
        )

    def item_updateddate(self, project):
        return project.updated_at

    def item_pubdate(self, project):
        return project.updated_at
