"""sentences: the splitter on the failure cases of PDF text, with real excerpts from the seed and development corpora."""
from __future__ import annotations

from pipeline import sentences as sn


def texts(units):
    return [u.text for u in units]


def test_footnote_digit_between_sentences_is_dropped():
    # NITO 2024 (seed), "flere.1 I en nylig undersøkelse": footnote marker glued to the full stop.
    line = ("Det er et udekket behov for bioingeniører og det bør sikres tilgang på disse gruppen blant annet gjennom å "
            "utdanne flere.1 I en nylig undersøkelse blant bioingeniører i NITO sier syv av ti bioingeniører at de vurderer å slutte.")
    assert sn.split_sentences(line) == [
        "Det er et udekket behov for bioingeniører og det bør sikres tilgang på disse gruppen blant annet gjennom å utdanne flere.",
        "I en nylig undersøkelse blant bioingeniører i NITO sier syv av ti bioingeniører at de vurderer å slutte.",
    ]


def test_abbreviations_do_not_end_sentences():
    line = "Vi viser bl.a. til NOU 2023:4, jf. kap. 5 og Meld. St. 9. Det gjelder f.eks. praksis, jf. nr. 3. Dette må endres."
    assert sn.split_sentences(line) == [
        "Vi viser bl.a. til NOU 2023:4, jf. kap. 5 og Meld. St. 9.",
        "Det gjelder f.eks. praksis, jf. nr. 3.",
        "Dette må endres.",
    ]


def test_sentences_merged_without_a_space_are_split():
    assert sn.split_sentences("Det er stort behov.Det haster med tiltak.") == ["Det er stort behov.", "Det haster med tiltak."]


def test_a_year_ends_a_sentence_but_a_list_number_does_not():
    assert sn.split_sentences("SSB har estimert et behov for 2400 flere bioingeniører innen 2035. Andre rapporter viser mer.") == [
        "SSB har estimert et behov for 2400 flere bioingeniører innen 2035.", "Andre rapporter viser mer."]
    assert sn.split_sentences("1. Behold fastlegeordningen.") == ["1. Behold fastlegeordningen."]


def test_inline_lettered_list_becomes_items_with_the_lead_as_intro():
    lead, items = sn.split_inline_items("Vi ber om (a) økt bemanning, (b) flere studieplasser og (c) bedre lønn.")
    assert lead == "Vi ber om"
    assert items == ["økt bemanning", "flere studieplasser", "bedre lønn."]
    assert sn.split_inline_items("Se vedlegg (c) for detaljer.") == ("Se vedlegg (c) for detaljer.", [])


def test_glued_numbered_heading_is_peeled_off():
    # Tyrili (development corpus): the heading runs into the first sentence in the PDF text.
    line = ("1. Behovet for integrerte og langvarige behandlings- og oppfølgingsforløp Tyrili tilbyr døgn- og "
            "polikliniske behandlingsløp for personer med alvorlig rusavhengighet.")
    heading, rest = sn.peel_glued_heading(line)
    assert heading == "1. Behovet for integrerte og langvarige behandlings- og oppfølgingsforløp"
    assert rest.startswith("Tyrili tilbyr døgn-")
    units = sn.passage_units("t:0001", line, "Vedlegg 2")
    assert [(u.text[:12], u.is_heading, u.heading[:12]) for u in units] == [
        ("1. Behovet f", True, "Vedlegg 2"), ("Tyrili tilby", False, "1. Behovet f")]


def test_list_items_carry_their_intro_and_heading():
    text = "NITO mener:\n- Behold fastlegeordningen.\n- Øk antall studieplasser\nVidere er det slik."
    units = sn.passage_units("n:0003", text, "Utdanning")
    assert [(u.text, u.intro, u.is_item) for u in units] == [
        ("NITO mener:", "", False),
        ("Behold fastlegeordningen.", "NITO mener:", True),
        ("Øk antall studieplasser", "NITO mener:", True),
        ("Videre er det slik.", "", False),
    ]
    assert {u.heading for u in units} == {"Utdanning"}


def test_a_title_line_above_a_list_is_its_intro():
    # Meld. St. 9 (development corpus): "Regjeringen vil" above the government's own plans.
    units = sn.passage_units("h:0122", "Regjeringen vil\n- legge fram en ny strategi om helsekompetanse", "Tiltak")
    assert [(u.text, u.intro, u.is_item) for u in units] == [
        ("Regjeringen vil", "", False), ("legge fram en ny strategi om helsekompetanse", "Regjeringen vil", True)]


def test_an_item_ending_with_a_colon_labels_the_items_after_it():
    # Norway Health Tech (development corpus, 2026-12-07): the expected benefits follow the measures in the same bulleted
    # list, their label glued to the last measure; the label joins the list's own intro
    text = ("Manglende interoperabilitet er en av de største barrierene for skalering. Konkrete tiltak:\n"
            "- Legge til rette for sanntidsdeling av relevante data.\n"
            "- Behov for samkjøring og enklere tilgang til data fra NPR og KPR Forventede gevinster:\n"
            "- Sammenhengende pasientforløp.\n- Reduksjon av administrativt dobbeltarbeid.")
    units = sn.passage_units("n:0020", text, "Hovedanbefaling 3")
    labelled = "Konkrete tiltak: Behov for samkjøring og enklere tilgang til data fra NPR og KPR Forventede gevinster:"
    assert [(u.text, u.intro) for u in units if u.is_item] == [
        ("Legge til rette for sanntidsdeling av relevante data.", "Konkrete tiltak:"),
        ("Behov for samkjøring og enklere tilgang til data fra NPR og KPR Forventede gevinster:", "Konkrete tiltak:"),
        ("Sammenhengende pasientforløp.", labelled), ("Reduksjon av administrativt dobbeltarbeid.", labelled)]
    # the second list of the same document: the label ends the last measure's line; a list after text starts afresh
    text = ("Konkrete tiltak:\n- Styrke lederutvikling og endringsledelse.\n"
            "- Enklere å flytte arbeidsforhold dersom tjenestene endres mellom tjenestenivåene. Forventede gevinster:\n"
            "- Raskere omstilling.\nTeknologisk utvikling må ledsages av organisatorisk utvikling.\nVi anbefaler:\n"
            "- Styrket rekruttering.")
    units = sn.passage_units("n:0026", text, "")
    assert [(u.text, u.intro) for u in units if u.is_item] == [
        ("Styrke lederutvikling og endringsledelse.", "Konkrete tiltak:"),
        ("Enklere å flytte arbeidsforhold dersom tjenestene endres mellom tjenestenivåene.", "Konkrete tiltak:"),
        ("Forventede gevinster:", "Konkrete tiltak:"),
        ("Raskere omstilling.", "Konkrete tiltak: Forventede gevinster:"), ("Styrket rekruttering.", "Vi anbefaler:")]


def test_numbered_lines_after_an_intro_are_items():
    units = sn.passage_units("x:0001", "Vi anbefaler følgende:\n1. Styrk praksisveiledningen\n2. Gi studentene lønn", "")
    assert [(u.text, u.intro) for u in units[1:]] == [
        ("Styrk praksisveiledningen", "Vi anbefaler følgende:"), ("Gi studentene lønn", "Vi anbefaler følgende:")]


def test_document_units_emit_each_section_heading_once():
    units = sn.document_units([("d:0000", "Første avsnitt her.", "Flere studieplasser innen bioingeniørfag"),
                               ("d:0001", "Andre avsnitt her.", "Flere studieplasser innen bioingeniørfag")])
    assert texts(units) == ["Flere studieplasser innen bioingeniørfag", "Første avsnitt her.", "Andre avsnitt her."]
    assert units[0].is_heading and [u.index for u in units] == [0, 1, 0]


def test_a_heading_named_with_its_chapter_is_read_as_printed():
    # ks-2026-2 (2026-06-KS-innspill-til-arbeidet-med-helsereformen…): the demand is the sub-heading as printed; the
    # chapter it was named with (pipeline.segment.opens_chapter) is a heading unit of its own, never part of the quote.
    chapter = "5. Økonomiske virkemidler, finansiering av samhandling"
    sub = "Rammefinansiering må fortsatt være hovedprinsippet for finansiering av kommunesektoren også innen helse og omsorg"
    section = f"{chapter} › {sub}"
    units = sn.document_units([("d:0000", "Første avsnitt her.", section)])
    assert texts(units) == [chapter, sub, "Første avsnitt her."]
    assert [u.heading for u in units] == [section] * 3 and [u.is_heading for u in units] == [True, True, False]
    assert [u.index for u in units] == [0, 1, 2]


def test_a_chapter_heading_is_a_unit_once_over_its_sub_headings():
    # optikerbransjen-2026: "Bakgrunn" under each numbered point; the point is the demand ("2. Utvid optikers …").
    point = "2. Utvid optikers rettigheter og forskrivningsrett til terapeutiske medikamenter"
    units = sn.document_units([("d:0000", "Første avsnitt her.", f"{point} › Bakgrunn"),
                               ("d:0001", "Andre avsnitt her.", f"{point} › Forslag")])
    assert texts(units) == [point, "Bakgrunn", "Første avsnitt her.", "Forslag", "Andre avsnitt her."]


def test_last_token_reads_the_end_as_the_regex_did():
    """_last_token reads from the end with str methods; it must give what re.search(r"(\\S+)$", …) gave, including
    "$" before a final newline and Unicode whitespace (no-break space, thin space, ideographic space)."""
    import random
    import re

    def by_regex(text: str) -> str:
        match = re.search(r"(\S+)$", text)
        return match.group(1).lower().rstrip(".!?»”\"')]") if match else ""

    alphabet = ["a", "B", "æ", ".", ")", "»", "(", "«", " ", "\n", "\t", "\r", "\x0b", "\xa0", "\u2009", "\u3000", "\x85"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert sn._last_token(text) == by_regex(text), repr(text)
    assert sn._last_token("ifølge bl.a.") == "bl.a" and sn._last_token("") == ""


def test_glued_ends_are_split_as_the_look_behind_pattern_did():
    """_GLUED_END takes the end mark and split_sentences writes it back with a space: the same text as inserting a space
    where the zero-width pattern as written before matched (random text over the characters it reads, and lines)."""
    import random
    import re

    before = re.compile(r"(?<=[a-zæøå]{3}[.!?])(?=[A-ZÆØÅ][a-zæøå])")
    alphabet = ["a", "b", "ø", "å", "A", "Ø", "Z", ".", "!", "?", " ", "1", "é", "É"]
    rng = random.Random(11)
    texts = ["Det er behov.Det må styres!Nå?Ja", "f.eks.Det", "abc.De.Fg", "ÆØÅ.Abc", "æøå!Åse"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(30000)]
    for text in texts:
        assert sn._GLUED_END.sub(r"\g<0> ", text) == before.sub(" ", text), repr(text)
    assert sn.split_sentences("Det er behov.Det må styres.") == ["Det er behov.", "Det må styres."]


def test_inline_items_need_a_closing_bracket():
    assert sn.split_inline_items("Vi ber om a. mer og b. bedre.") == ("Vi ber om a. mer og b. bedre.", [])
    assert sn.split_inline_items("Vi ber om (a) mer og (b) bedre.")[1] == ["mer", "bedre."]
