"""app.links: every setting as an id in the URL, and back (no Streamlit needed)."""
from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from app import links
from app.links import Param, decode, encode

ROOT = Path(__file__).resolve().parents[2]


def test_ids_go_into_the_url_as_text_and_come_back_typed():
    years = Param(int, many=True, omit=())
    assert encode(years, [2024, 2022]) == ["2024", "2022"]
    assert decode(years, ["2024", "2022"], allowed=[2022, 2023, 2024]).value == [2024, 2022]
    assert encode(Param(float), 0.6) == ["0.6"] and decode(Param(float), ["0.6"]).value == 0.6
    assert encode(Param(bool), True) == ["true"] and decode(Param(bool), ["false"]).value is False
    assert decode(Param(bool), ["1"]).value is True


def test_an_omitted_value_leaves_the_url_and_an_empty_choice_stays_in_it():
    assert encode(links.SIDEBAR["org"], []) is None  # "all organisations" is the short link
    assert encode(links.SIDEBAR["lang"], "nb") is None and encode(links.SIDEBAR["lang"], "en") == ["en"]
    themes = links.PAGES["themes"]["theme"]
    assert encode(themes, []) == [""]  # "no theme" must survive a link: the page's default chooses two
    assert decode(themes, [""]).value == []
    assert decode(themes, []).value is None  # absent: the page decides


def test_unknown_ids_are_reported_never_silently_dropped():
    doc_type = links.SIDEBAR["doc_type"]
    got = decode(doc_type, ["budget_input", "Budsjettinnspill", "budget_input"], allowed=["budget_input", "other"])
    assert got.value == ["budget_input"] and got.unknown == ("Budsjettinnspill",)
    measure = links.PAGES["themes"]["measure"]
    got = decode(measure, ["Treff per 10 000 ord"], allowed=["share", "per_10k"])
    assert got.value is None and got.unknown == ("Treff per 10 000 ord",)
    years = links.SIDEBAR["year"]
    assert decode(years, ["2024", "tjue"], allowed=[2024]).unknown == ("tjue",)
    assert decode(Param(int), ["7"], bounds=(1, 5)).unknown == ("7",)
    assert decode(Param(float), ["nan"]).unknown == ("nan",)


def test_a_single_setting_reads_the_last_value_and_keeps_its_text():
    assert decode(Param(str), ["a", "b"]).value == "b"
    q = links.PAGES["passages"]["q"]
    assert decode(q, ["praksis & \"helse\""]).value == 'praksis & "helse"'


def test_remembered_values_are_checked_against_the_current_choices():
    orgs = Param(str, many=True)
    assert links.valid(orgs, ["NITO"], allowed=["NITO", "Tekna"])
    assert not links.valid(orgs, ["NITO", "Gone"], allowed=["NITO"])
    assert not links.valid(Param(int), None)


def test_a_page_switch_leaves_only_its_own_and_the_sidebar_settings():
    present = ["org", "lang", "theme", "measure", "kw_terms", "embed"]
    assert links.foreign_keys("keywords", present) == ["theme", "measure"]
    assert links.foreign_keys("themes", present) == ["kw_terms"]


def test_reader_link_is_relative_and_encodes_ids():
    url = links.reader_link("nito-2024 &x", "nito-2024 &x:0003", "en", highlight=["praksisplass", "praksisplass"])
    assert url.startswith("document?")
    query = parse_qs(url.split("?", 1)[1])
    assert query == {"doc": ["nito-2024 &x"], "passage": ["nito-2024 &x:0003"], "hl": ["praksisplass"], "lang": ["en"]}
    assert "nb" not in parse_qs(links.reader_link("d", lang="nb").split("?", 1)[1]).get("lang", [])


def test_every_declared_name_is_unique_and_every_page_is_declared():
    names = list(links.SIDEBAR) + [k for params in links.PAGES.values() for k in params]
    assert len(names) == len(set(names))
    pages = {p.stem for p in (ROOT / "pages").glob("*.py")}
    assert pages == set(links.PAGES)


def _linked_keys(source: str) -> set[str]:
    """Keys of linked(container, widget, key, …) and page.setting(widget, key, …) calls given as string literals."""
    tree = ast.parse(source)
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and isinstance(node.value, ast.Constant) for target in node.targets if isinstance(target, ast.Name)}
    keys = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        position = {"linked": 2, "setting": 1}.get(name)
        arg = node.args[position] if position is not None and len(node.args) > position else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            keys.add(arg.value)
        elif isinstance(arg, ast.Name) and isinstance(constants.get(arg.id), str):
            keys.add(constants[arg.id])
    return keys


@pytest.mark.parametrize("page", sorted(links.PAGES))
def test_pages_link_only_declared_settings(page):
    source = (ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8")
    assert page in ("documents", "method") or _linked_keys(source), f"{page} links no setting"
    for key in _linked_keys(source):
        assert key in links.PAGES[page], f"{page}: {key} is not declared under the page in app/links.py"


@pytest.mark.parametrize("module", ["app/sidebar.py", "app/sections.py", "app/components.py",
                                    *[f"pages/{p}.py" for p in sorted(links.PAGES)]])
def test_no_widget_binds_its_label_to_the_url(module):
    """bind="query-params" writes a widget's display label to the URL; app.widgets.linked writes its ids."""
    assert not re.search(r"bind\s*=", (ROOT / module).read_text(encoding="utf-8")), module


def test_page_sections_link_only_declared_settings():
    keys = _linked_keys((ROOT / "app" / "sections.py").read_text(encoding="utf-8"))
    assert {"year_view", "kw_target_by", "kw_min_key", "kw_min_docs_key"} <= keys
    assert keys <= set(links.PAGES["themes"]) | set(links.PAGES["keywords"])
