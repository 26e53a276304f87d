"""Search page: FTS5 search within the sidebar filters, safe on any input, escaped and highlighted hits, KWIC."""
from __future__ import annotations

import pytest

from tests.app.conftest import html_bodies, open_page


def search(at, query: str):
    at.text_input(key="q").set_value(query)
    at.run()
    return at


def test_without_a_query_the_page_explains(app):
    at = open_page(app, "passages")
    assert not at.exception
    assert at.info[0].value == "Skriv ett eller flere ord for å søke."


def test_search_lists_highlighted_hits_with_source(app):
    at = search(open_page(app, "passages"), "praksisplass")
    assert not at.exception
    assert "**6** avsnitt i **5** dokumenter. Viser 1–6." in [m.value for m in at.markdown]
    html = html_bodies(at)
    assert "Mangelen på <mark>praksisplasser</mark> er den største flaskehalsen" in html
    assert "<b>NTNU</b> · 2024 · <i>NTNUs prinsipper for praksis</i> · del: Prinsipper · s. 3" in html
    kwic = html.split('<table class="hr-kwic">')[1]
    assert kwic.count('<td class="m">praksisplasser</td>') == 6 and '<td class="m">praksisplassene</td>' in kwic
    assert 'største flaskehalsen. Flere </span></td><td class="m">praksisplasser</td>' in kwic


def test_sidebar_filters_apply_to_search(app):
    at = search(open_page(app, "passages", org=["Tekna"]), "praksisplass")
    assert "**1** avsnitt i **1** dokument." in [m.value for m in at.markdown]  # not «1 dokumenter»
    assert "Ingeniørstudenter trenger også <mark>praksisplasser</mark>" in html_bodies(at)


def test_url_query_opens_the_same_search(app):
    app.query_params["q"] = '"kunstig intelligens"'
    app.switch_page("pages/passages.py")  # the link opens the search page itself (other pages drop its ?q=)
    app.run()
    assert not app.exception
    assert "**3** avsnitt i **3** dokumenter. Viser 1–3." in [m.value for m in app.markdown]


@pytest.mark.parametrize("typed", ['"', 'praksis"', "NEAR(", "(", "a OR", "col:praksis", "*", "^-"])
def test_query_syntax_never_crashes(app, typed):
    at = search(open_page(app, "passages"), typed)
    assert not at.exception


def test_document_markup_is_shown_as_text_never_run(app):
    at = open_page(app, "passages")
    at.segmented_control(key="search_mode").set_value("exact")
    at = search(at, "script")
    html = html_bodies(at)
    assert "<script>" not in html
    assert "advarer mot &lt;<mark>script</mark>&gt;alert(&#x27;x&#x27;)&lt;/<mark>script</mark>&gt;" in html


def test_no_hits_says_so(app):
    at = search(open_page(app, "passages"), "blåbærsyltetøy")
    assert not at.exception
    assert at.info[0].value == "Ingen avsnitt inneholder alle søkeordene."


def test_no_hits_under_filters_also_shows_the_empty_state(app):
    at = search(open_page(app, "passages", org=["NITO"]), "script")
    assert [i.value for i in at.info][0] == "Ingen avsnitt inneholder alle søkeordene."
    assert "Ingen treff med disse filtrene" in at.info[1].value


def test_one_document_or_one_passage_reads_in_the_singular(app):
    """«1 avsnitt i 1 dokumenter» / «1 passages in 1 documents» (EPJ-systemet, exact form, on the development build)."""
    app.query_params["lang"] = "en"
    at = search(open_page(app, "passages", org=["Tekna"]), "praksisplass")
    assert "**1** passage in **1** document." in [m.value for m in at.markdown]
    at = open_page(app, "passages", org=["NITO"], year=[2022])
    at.segmented_control(key="search_mode").set_value("prefix")
    at = search(at, "praksis")  # «praksisplasser» and «veiledet praksis»: two passages of nito-2022
    assert "**2** passages in **1** document. Showing 1–2." in [m.value for m in at.markdown]
