"""Every view is a link, in both languages (issue 12): on every page, non-default settings and sidebar filters
go into the URL as ids; switching language keeps every selection (shown in the new language) and the ids in
the URL; the URL opened fresh, in either language, restores the same view; an unknown id is named, not dropped
silently.

The topics page is checked over the planted app-test tables: the five seed documents give no reliable topic, so
its settings are not drawn there.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from app.i18n import text
from tests.e2e.helpers import StreamlitServer, no_exception, open_page, read_built, wait_ready

#: Sidebar filters every case also sets: two organisations, a document type code and two years.
SIDEBAR = {"org": ["NITO", "Tekna"], "doc_type": ["budget_input"], "year": ["2022", "2025"]}
#: Non-default settings per page, as ids; each case lists the sidebar it adds (some pages need more documents).
CASES = {
    "overview": ({"overview_min_docs": "1"}, SIDEBAR),
    "themes": ({"theme": ["recruitment_retention", "funding"], "measure": "per_10k", "year_view": "together"}, SIDEBAR),
    "keywords": ({"kw_terms": ["praksisplass", "utdanning"], "kw_period_a": ["2022"], "kw_period_b": ["2024"],
                  "kw_min_change": "3", "kw_min_docs_change": "1", "kw_target_by": "organisation",
                  "kw_target_organisation": "NTNU", "kw_min_key": "2", "kw_min_docs_key": "1"},
                 {"doc_type": ["budget_input", "hearing_input", "consultation_response"]}),
    "compare": ({"cmp_orgs": ["NITO", "NTNU"], "cmp_min_count": "3"}, {"year": ["2022", "2023", "2024"]}),
    "passages": ({"q": "praksisplass", "search_mode": "exact", "search_unanalysed": "true"}, SIDEBAR),
    "demands": ({"demand_theme": "practice_placements", "demand_soft": "true", "demand_from": "2022", "demand_to": "2024",
                 "demand_org_a": "NTNU", "demand_org_b": "NITO"}, {"org": ["NITO", "NTNU"]}),
    "documents": ({}, SIDEBAR),
    "document": ({"doc": "nito-2022-budsjett-helse", "passage": "nito-2022-budsjett-helse:0007"}, SIDEBAR),
    "method": ({}, SIDEBAR),
}
TOPICS_CASE = ({"topics_topic": "2", "topics_lambda": "0.3", "topics_by": "year"}, {"org": ["NITO", "NTNU"]})
OTHER = {"nb": "en", "en": "nb"}
NAMES = {"nb": "Bokmål", "en": "English"}

#: What a widget shows, read the same way whatever its kind (tags, combobox, numbers, text, radios, toggles, sliders).
_WIDGET_JS = """
(root) => {
  const tags = Array.from(root.querySelectorAll('[data-tag]')).map(e => e.getAttribute('aria-label'));
  if (root.querySelector('[data-testid="stMultiSelect"]')) return tags;
  const slider = root.querySelector('[role="slider"]');
  if (slider) return slider.getAttribute('aria-valuenow');
  const checked = root.querySelector('[role="radio"][aria-checked="true"]');
  if (checked) return checked.innerText.trim();
  const radio = root.querySelector('input[type="radio"]:checked');
  if (radio) return radio.closest('label').innerText.trim();
  const box = root.querySelector('input[type="checkbox"]');
  if (box) return box.checked;
  const input = root.querySelector('input');
  if (input) return input.value;
  return null;
}
"""


def ids_in(url: str) -> dict[str, list[str]]:
    """The URL's settings, language left out."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    query.pop("lang", None)
    return query


def shown(page, keys) -> dict:
    """What each widget (by key) shows."""
    return {key: page.locator(f".st-key-{key}").first.evaluate(_WIDGET_JS) for key in keys}


def labelled(built, key: str, value, lang: str):
    """A setting's value as the page shows it in lang (ids with labels: themes, measure, modes, types …)."""
    themes = dict(zip(built.themes["theme_id"], built.themes[f"label_{lang}"]))
    if key == "theme":
        return [themes[v] for v in value]
    if key == "doc_type":
        return [text(f"doc_type.{v}", lang) for v in value]
    if key == "demand_theme":
        return themes[value]
    named = {"measure": "themes.measure.{}", "year_view": "themes.year_view.{}", "search_mode": "search.mode.{}",
             "kw_target_by": "topics.by_{}", "topics_by": "topics.by_{}"}
    if key in named:
        return text(named[key].format(value), lang)
    if key in ("search_unanalysed", "demand_soft"):
        return value == "true"
    return value


def expected_view(built, settings: dict, lang: str) -> dict:
    """What the page should show for settings (single values as one text, lists as lists)."""
    out = {}
    for key, value in settings.items():
        if key in ("doc", "passage", "topics_topic"):
            continue  # not a widget / shown by its label, checked through the URL
        out[key] = labelled(built, key, value, lang)
    return out


def check_view(page, built, settings: dict, lang: str) -> None:
    """The page shows settings in lang, keeps them in the URL as ids, and names no unknown id."""
    no_exception(page)
    assert page.locator(".st-key-lang [aria-checked='true']").inner_text().strip() == NAMES[lang]
    wanted = expected_view(built, settings, lang)
    for _ in range(20):  # a widget redrawn after the run settles a moment later
        if (seen := shown(page, list(wanted))) == wanted:
            break
        page.wait_for_timeout(250)
    assert seen == wanted
    url_ids = ids_in(page.url)
    for key, value in settings.items():
        assert url_ids.get(key) == (value if isinstance(value, list) else [value]), (key, page.url)
    assert page.locator("[data-testid='stAlertContentWarning']").filter(has_text="Lenken nevner").count() == 0
    assert page.locator("[data-testid='stAlertContentWarning']").filter(has_text="The link names").count() == 0


def round_trip(browser, browser_context_args, server, built, name: str, case, start: str) -> None:
    own, sidebar = case
    settings = {**own, **sidebar}
    with browser.new_context(**browser_context_args) as context:
        page = context.new_page()
        page.set_default_timeout(60_000)
        open_page(page, server, name, **settings, **({"lang": "en"} if start == "en" else {}))
        check_view(page, built, settings, start)
        # Switch language: every selection stays, in the other language, and the URL keeps the ids.
        page.locator(".st-key-lang button", has_text=NAMES[OTHER[start]]).click()
        wait_ready(page)
        check_view(page, built, settings, OTHER[start])
        switched = page.url
    # The copied link, opened fresh, in the language it names and in the one it started in.
    for lang in (OTHER[start], start):
        with browser.new_context(**browser_context_args) as context:
            page = context.new_page()
            page.set_default_timeout(60_000)
            query = ids_in(switched)
            open_page(page, server, name, **query, **({"lang": "en"} if lang == "en" else {}))
            check_view(page, built, settings, lang)


@pytest.mark.parametrize("start", ["nb", "en"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_link_restores_the_view_in_either_language(browser, browser_context_args, server, built, name, start):
    round_trip(browser, browser_context_args, server, built, name, CASES[name], start)


@pytest.fixture(scope="module")
def fixture_server(tmp_path_factory):
    """A server over the planted app-test tables with planted topic weights (reliable topics), for the topics page."""
    from tests.app.test_topics_page import planted_data

    data_dir = tmp_path_factory.mktemp("links_fixture") / "data"
    planted_data(data_dir)
    srv = StreamlitServer(data_dir, tmp_path_factory.mktemp("links_logs"))
    yield srv, read_built(data_dir)
    srv.stop()


@pytest.mark.parametrize("start", ["nb", "en"])
def test_the_topics_link_restores_the_view_in_either_language(browser, browser_context_args, fixture_server, start):
    server, built = fixture_server
    round_trip(browser, browser_context_args, server, built, "topics", TOPICS_CASE, start)


def test_settings_changed_on_the_page_go_into_the_url_as_ids(page, server, built):
    """Chosen with the mouse in Bokmål: the URL holds the ids (per_10k, budget_input), never the labels."""
    open_page(page, server, "themes")
    page.locator(".st-key-measure label").filter(has_text=text("themes.measure.per_10k", "nb")).click()
    wait_ready(page)
    page.locator(".st-key-doc_type input").click()
    page.keyboard.type(text("doc_type.budget_input", "nb"))
    page.get_by_role("option", name=text("doc_type.budget_input", "nb")).wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_ready(page)
    query = ids_in(page.url)
    assert query["measure"] == ["per_10k"] and query["doc_type"] == ["budget_input"]
    assert all("Treff" not in v and "Budsjett" not in v for values in query.values() for v in values)


def test_an_unknown_id_in_a_link_is_named(page, server):
    """A theme and a document type this collection does not have, and an old label: each named on the page."""
    open_page(page, server, "themes", theme=["practice_placements", "no_such_theme"], doc_type=["Budsjettinnspill"])
    no_exception(page)
    warnings = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
    assert any("no_such_theme" in w for w in warnings)
    assert any("Budsjettinnspill" in w for w in warnings)
    assert shown(page, ["theme", "doc_type"]) == {"theme": ["Praksisplasser"], "doc_type": []}  # the known id stays
