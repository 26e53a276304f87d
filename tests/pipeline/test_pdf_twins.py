"""PDF reading rules found by printing the development corpus's DOCX files to PDF (bench/pdf_twins.py) and comparing
the PDF reading with the DOCX one. Each case is the line layout pdfium gives for a real excerpt of a `dev`
organisation's document (named in the comment): text, font size and bold share per line, "" for a paragraph gap."""
from __future__ import annotations

from pipeline import segment as sg
from pipeline.clean import clean_pages
from pipeline.extract import Line, join_note_numbers, pdf_headings

BODY = "Det er en sårbarhet i dagens system som handler om overgangene mellom en spesialisthelsetjeneste og kommunen."


def _filler(size: float = 11.0) -> list[Line]:
    """Running text that fixes the body size at `size`."""
    return [Line("Ikke alle pasienter vil bli helt friske, men vil kunne trenger oppfølging fra velferds- og", size, 0.0),
            Line("helsetjenester resten av livet, og det må modellen legge til rette for over tid.", size, 0.0), Line("")]


# --- a heading wrapped over two lines -------------------------------------------------------------


def test_a_heading_written_as_a_sentence_keeps_its_last_line():
    # psykologforeningen-2026 (PDF twin): a 16 pt heading whose last line closes with a stop; the stop alone kept
    # that line out of the heading, and it was glued into the text under a cut title.
    pages = [[*_filler(),
              Line("Modellen understøtter at noen pasienter trenger", 16.0, 0.0), Line(""),
              Line("tjenesteoppfølging resten av livet.", 16.0, 0.0), Line(""),
              Line(BODY, 11.0, 0.0)]]
    lines, headings = pdf_headings(pages)
    title = "Modellen understøtter at noen pasienter trenger tjenesteoppfølging resten av livet."
    assert headings == {title}
    assert f"\n\n{title}\n\n{BODY}" in "\n".join(lines[0])


def test_a_heading_with_a_dashed_subtitle_line_is_one_heading():
    # psykologforeningen-2025 (PDF twin): "- Utfordringsbildet" right below, in the heading's 16 pt type.
    pages = [[*_filler(), Line("Anbefalinger til Helsereformutvalget (referansegruppe)", 16.0, 0.0),
              Line("- Utfordringsbildet", 16.0, 0.0), Line(""),
              Line("Den 6. november møtes Akademikernes til Helsereformutvalgets", 11.0, 0.0)]]
    _, headings = pdf_headings(pages)
    assert headings == {"Anbefalinger til Helsereformutvalget (referansegruppe) - Utfordringsbildet"}


def test_a_bold_sentence_at_body_size_still_is_text():
    # Counterpart: helsefellesskapet-troms-og-ofoten-ssu-2026, a bold sentence at body size that wraps and closes
    # with a stop: an emphasised sentence, not a heading (only larger type completes a heading so).
    pages = [[*_filler(), Line("Innsatsen må rettes tydeligere mot pasientgrupper med størst behov for koordinerte", 11.0, 1.0),
              Line("tjenester.", 11.0, 1.0), Line(BODY, 11.0, 0.0)]]
    _, headings = pdf_headings(pages)
    assert headings == set()


def test_a_large_line_of_two_sentences_or_in_capitals_does_not_complete_a_heading():
    # Counterparts: the heading "Modellen understøtter ansvarlig innovasjon" (psykologforeningen-2026) over a
    # line in its type that starts a new sentence, or holds more than one, stays as it was.
    for line in ("Modellen må understøtte at organiseringen og strukturen har mulighet.",
                 "tjenesteoppfølging. Det er en sårbarhet i dagens system."):
        pages = [[*_filler(), Line("Modellen understøtter ansvarlig innovasjon", 16.0, 0.0), Line(""),
                  Line(line, 16.0, 0.0), Line(""), Line(BODY, 11.0, 0.0)]]
        _, headings = pdf_headings(pages)
        assert headings == {"Modellen understøtter ansvarlig innovasjon"}, line


def test_a_dashed_list_below_a_body_size_heading_stays_a_list():
    # Counterpart: psykologforeningen-2026, "Kriterier om gode tjenester til befolkningen" (bold, body size) over
    # its dash list; the list items are not the heading's subtitle.
    item = "- Modellen understøtter at alle aldersgrupper har likeverdig tilgang til"
    pages = [[*_filler(), Line("Kriterier om gode tjenester til befolkningen", 11.0, 1.0), Line(""),
              Line(item, 11.0, 0.0), Line("psykiske helsetjenester, også eldre", 11.0, 0.0)]]
    lines, headings = pdf_headings(pages)
    assert headings == {"Kriterier om gode tjenester til befolkningen"}
    assert item in lines[0]


# --- footnote numbers set raised on a line of their own --------------------------------------------


def test_a_raised_footnote_number_joins_its_text():
    # psykologforeningen-2025 (PDF twin), page 2 foot: each number at 6 pt, its text at 10 pt, body 11 pt.
    lines = [Line("2", 6.0, 0.0),
             Line(" https://www.riksrevisjonen.no/rapporter-mappe/no-2024-2025/helse-og", 10.0, 0.0), Line(""),
             Line("3", 6.0, 0.0), Line(" https://osloeconomics.no/publication/finansiering-av-psykisk-helsevern", 10.0, 0.0)]
    assert [x.text for x in join_note_numbers(lines, 11.0)] == [
        "2 https://www.riksrevisjonen.no/rapporter-mappe/no-2024-2025/helse-og", "",
        "3 https://osloeconomics.no/publication/finansiering-av-psykisk-helsevern"]


def test_a_raised_number_joined_makes_a_footnote_passage():
    # sunnaasstiftelsen-2026 (PDF twin): the note at the foot of page 2 ("3" at 6 pt, its URL at 8 pt, body 10.5)
    # was body text under a heading that was then taken for no section title; now it is a footnote.
    heading = "Psykiske lidelser og rus – diagnoser må sees på tvers"
    pages = [[Line("Forskning viser at Sunnaasstiftelsens modell og metode gir betydelige samfunnsøkonomiske", 10.5, 0.0),
              Line("gevinster3. Modellen bidrar til at flere kommer i arbeid og aktivitet.", 10.5, 0.0), Line(""),
              Line(heading, 10.5, 1.0), Line(""), Line("3", 6.0, 0.0),
              Line(" https://menon.no/prosjekter/samfunnsverdien-av-aktiv-rehabilitering", 8.0, 0.0)],
             [Line("Psykiske lidelser er blant våre største folkehelseutfordringer og en viktig årsak til", 10.5, 0.0),
              Line("redusert livskvalitet, sykefravær og uførhet. Personer med funksjonsnedsettelser", 10.5, 0.0),
              Line("har særlig høy risiko for psykisk uhelse.", 10.5, 0.0)]]
    lines, headings = pdf_headings(pages)
    rows = [(r["kind"], r["section_title"], r["text"][:25])
            for r in sg.passage_records(clean_pages(["\n".join(p) for p in lines], "pdf"), "d", frozenset(headings))]
    assert ("footnote", heading, "3 https://menon.no/prosje") in rows
    assert ("body", heading, "Psykiske lidelser er blan") in rows


def test_a_page_number_or_a_marker_in_running_text_stays_apart():
    # Counterparts: psykologforeningen-2025's page number "2" at 10 pt over its footer line at 10 pt (not raised);
    # a raised marker at 6 pt that opens a line of running text at body size (not footnote type).
    footer = [Line("2", 10.0, 0.0), Line("psykologforeningen.no", 10.0, 0.0)]
    assert join_note_numbers(footer, 11.0) == footer
    running = [Line("3", 6.0, 0.0), Line(" Det er store og vedvarende variasjoner i tilbudet av psykiske", 11.0, 0.0)]
    assert join_note_numbers(running, 11.0) == running


# --- DOCX: content controls ---------------------------------------------------------------------


def test_docx_paragraphs_inside_a_content_control_are_read(tmp_path):
    # rke-helse-nord-2026: Word put the "Bibliografi" heading and its entries in a block-level content control
    # (w:sdt), which python-docx's iter_inner_content skips; the PDF twin showed them. Text of that document.
    import copy

    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    from pipeline.extract import extract

    document = docx.Document()
    document.add_paragraph("Dersom koordineringsordninger defineres etter felles kriterier og tydelig beskrives.")
    heading = document.add_heading("Bibliografi", level=1)
    entry = document.add_paragraph("Høyem, A. (2019). Continuity of care for patients with long-term complex needs.")
    after = document.add_paragraph("Forfattere:")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    after._p.addprevious(sdt)
    for paragraph in (heading, entry):
        content.append(copy.deepcopy(paragraph._p))
        paragraph._p.getparent().remove(paragraph._p)
    assert document.element.body.find(qn("w:sdt")) is not None
    path = tmp_path / "bibliografi.docx"
    document.save(path)
    read = extract(path)
    text = read.pages[0]
    assert text.index("tydelig beskrives.") < text.index("Bibliografi") < text.index("Høyem, A. (2019)") \
        < text.index("Forfattere:")
    assert "Bibliografi" in read.headings


# --- an emphasised sentence whose bold ends within its second line -----------------------------------


def test_a_bold_sentence_whose_emphasis_ends_in_the_next_line_is_text():
    # peter-daniel-aune-2026 (PDF twin): the sentence is bold up to its stop in the second line (0.83 of that
    # line bold); it was taken for a heading over the whole letter.
    first = "Legevakt er - sammen med bla fastlegene, en svært viktig aktør"
    pages = [[Line("Ser dere skal ha et seminar i kveld som jeg tenker følge via", 12.0, 0.0),
              Line("strømming.Helsereformutvalget", 12.0, 0.0), Line(""),
              Line(first, 12.0, 1.0),
              Line('som "portvakt" for våre spesialisthelsetjenester. Ser fra vår', 12.0, 0.83),
              Line("legevakt, og tror mange andre legevakter kan si det samme, - at det ER et", 12.0, 0.0),
              Line("potensiale i å få avklart evt behandlet mange flere hjemme, - evt", 12.0, 0.0)]]
    lines, headings = pdf_headings(pages)
    assert headings == set()
    assert f'{first}\nsom "portvakt"' in "\n".join(lines[0])


def test_a_bold_subject_opening_a_sentence_is_text():
    # malselv-kommune-2026 (PDF twin): the bold subject of the letter's first sentence, over its plain rest in
    # lower case, was a heading (the DOCX is one paragraph, its first words in bold).
    subject = "Målselv, Bardu, Salangen, Lavangen, Dyrøy, Sørreisa og Senja kommune"
    pages = [[Line("Innspill til Helsereformutvalget fra kommunene i Midt-Troms", 11.0, 1.0), Line(""),
              Line(subject, 11.0, 1.0),
              Line("takker for muligheten til å gi innspill til Helsereformutvalgets arbeid. Vi står", 11.0, 0.0),
              Line("overfor betydelige demografiske, faglige og økonomiske utfordringer som krever", 11.0, 0.0)]]
    lines, headings = pdf_headings(pages)
    assert headings == {"Innspill til Helsereformutvalget fra kommunene i Midt-Troms"}
    assert f"{subject}\ntakker for muligheten" in "\n".join(lines[0])


def test_a_bold_heading_over_a_capitalised_line_or_a_gap_is_still_a_heading():
    # Counterparts: peter-daniel-aune-2026's "Til Helsereformutvalget" over the letter's first (capitalised)
    # line, and malselv-kommune-2026's "1. Behov for flere alternative modeller og tydelig kommunal involvering"
    # over a gap (its next line put in lower case here, so that the gap alone decides), stay headings.
    for heading, below in (
            ("Til Helsereformutvalget",
             [Line("Et lite hjertesukk og innspill til Helsereformutvalget fra Daglig leder ved en", 12.0, 0.6)]),
            ("1. Behov for flere alternative modeller og tydelig kommunal involvering",
             [Line(""), Line("kommuneloven § 2-1 slår fast at offentlige oppgaver bør legges til det", 10.5, 0.0)])):
        pages = [[Line("Ser dere skal ha et seminar i kveld som jeg tenker følge via strømming i kveld.", 12.0, 0.0),
                  Line(""), Line(heading, 12.0, 1.0), *below,
                  Line("middel stor kommunal organisert legevakt på Innherred(4 kommuner;", 12.0, 0.0)]]
        _, headings = pdf_headings(pages)
        assert headings == {heading}, heading


def test_raised_note_numbers_make_a_footnote_whose_marker_the_text_hides():
    # ks-2026-2 (the development corpus's own PDF), page 3 foot: footnotes 1-5 with raised numbers (6.5 pt over
    # 10 pt, body 11 pt); the text's marker of footnote 1 is not one clean can see, so "1 FoU-rapport, Fafo …"
    # stayed in the analysed text once its number was joined to it.
    from pipeline.extract import raised_note_numbers

    raw = [[*_filler(), *_filler(), Line("Utvalget skal levere et helhetlig beslutningsgrunnlag med vurdering av faglige, juridiske,", 11.0, 0.0),
            Line("økonomiske og personellmessige konsekvenser innen 1. november 2026.", 11.0, 0.0), Line(""),
            Line("1", 6.5, 0.0), Line("FoU-rapport, Fafo m.fl. (2026): Helsefellesskapenes rekrutterings- og samhandlingstilskudd", 10.0, 0.0),
            Line("2", 6.5, 0.0), Line("FoU-rapport, Menon m.fl. (2026): Styrker og svakheter ved rammer og virkemidler", 10.0, 0.0)]]
    assert raised_note_numbers(raw) == {1, 2}
    lines, headings = pdf_headings(raw)
    page = ["\n".join(lines[0])]
    rows = [(r["kind"], r["text"][:14]) for r in sg.passage_records(clean_pages(page, "pdf", (), {1, 2}), "d")]
    assert ("footnote", "1 FoU-rapport,") in rows and not any(k == "body" and t.startswith("1 FoU") for k, t in rows)


def test_a_numbered_list_after_a_break_is_text_without_raised_numbers():
    # Counterpart: the same lines at body size (a numbered list, not notes) give no note numbers and stay text.
    from pipeline.extract import raised_note_numbers

    raw = [[Line("Vi har tre forslag til utvalget som vi mener vil styrke samhandlingen mellom nivåene.", 11.0, 0.0),
            Line(""), Line("1", 11.0, 0.0), Line("Kommunene må få større ansvar for oppfølgingen etter utskrivning.", 11.0, 0.0),
            Line("2", 11.0, 0.0), Line("Helsefellesskapene må få egne midler til felles tiltak.", 11.0, 0.0)]]
    assert raised_note_numbers(raw) == frozenset()
    lines, _ = pdf_headings(raw)
    rows = sg.passage_records(clean_pages(["\n".join(lines[0])], "pdf", (), raised_note_numbers(raw)), "d")
    assert all(r["kind"] == "body" for r in rows)
