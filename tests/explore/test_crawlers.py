"""What robots and feed readers read: robots.txt, the sitemap (both languages with their
hreflang alternates), and the Atom feed of any search."""

from lxml import etree

from territories.models import FrenchAuthority

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_robots_keep_out_of_the_workspace_and_find_the_sitemap(client, atlas):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    for private in ("/fr/espace/", "/en/workspace/", "/fr/admin/", "/en/admin/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the public site stays open


def urls(client, address: str) -> dict[str, dict[str, str]]:
    """Each address of a sitemap's pages, with its alternates by language."""
    index = etree.fromstring(client.get(address).content)
    found = {}
    for location in index.iter(f"{SITEMAP}loc"):
        page = etree.fromstring(client.get(location.text).content)
        for url in page.iter(f"{SITEMAP}url"):
            found[url.find(f"{SITEMAP}loc").text] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    return found


def test_the_sitemap_lists_every_public_page_in_both_languages(client, atlas):
    found = urls(client, "/sitemap.xml")
    base = "http://testserver"
    sheet = atlas["water"].get_absolute_url()
    assert base + sheet in found
    english = found[base + sheet]["en"]
    assert english.startswith(f"{base}/en/projects/") and english in found
    assert base + atlas["draft"].get_absolute_url() not in found  # drafts are not public
    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    for page in (
        "/fr/",
        "/en/",
        "/fr/projets/",
        "/fr/pays/",
        "/en/countries/",
        "/fr/pays/BF/",
        "/fr/collectivites/",
        "/fr/carte/",
        "/fr/thematiques/eau-assainissement/",
        poitiers.get_absolute_url(),
    ):
        assert base + page in found, page
    assert f"{base}/fr/pays/JP/" not in found  # no partnership there
    for page in found:  # every address answers
        assert client.get(page.removeprefix(base)).status_code == 200, page


def test_any_search_has_an_atom_feed_of_its_latest_changes(client, atlas):
    page = client.get("/fr/projets/", {"country": "BF"}).text
    assert 'href="/fr/projets.atom?country=BF"' in page
    assert "Suivre les mises à jour de ces résultats" in page
    response = client.get("/fr/projets.atom", {"country": "BF"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == [
        "Accès à l'eau potable à Ouagadougou",
        "Santé maternelle à Bobo-Dioulasso",
    ]
    links = [link.get("href") for link in feed.findall(f"{ATOM}link")]
    assert "http://testserver/fr/projets/?country=BF" in links
    assert "http://testserver/fr/projets.atom?country=BF" in links
    everything = etree.fromstring(client.get("/fr/projets.atom").content)
    assert len(list(everything.iter(f"{ATOM}entry"))) == 4  # published ones only
    for nonsense in ({"country": "ZZ"}, {"start_year_min": "①"}, {"q": "\x00"}):
        assert client.get("/fr/projets.atom", nonsense).status_code in {200, 400}
    assert client.get("/fr/projets.atom", {"country": "ZZ"}).status_code == 400
