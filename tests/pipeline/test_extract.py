"""extract: real samples read correctly; every kind of bad file refused with a clear sentence."""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace

import pytest

from pipeline import extract as ex
from pipeline import guards
from pipeline.extract import ExtractionError, extract
from tests.conftest import SAMPLES

TEKNA_PDF = SAMPLES / "2025-11-13_tekna_forste-innspill-helsereformutvalget.pdf"
LEGE_PDF = SAMPLES / "2025-10-10_legeforeningen_innspill-helsereformutvalget.pdf"
SPEKTER_DOCX = SAMPLES / "2025_spekter_utfordringer-i-dagens-helsetjeneste.docx"
PSYK_DOCX = SAMPLES / "2025-11-04_psykologforeningen_innspill-helsereformutvalget.docx"


# --- TXT ----------------------------------------------------------------------------------------


def test_txt_utf8_form_feed_splits_pages(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Side én om praksisplasser\fSide to", encoding="utf-8")
    result = extract(path)
    assert result.kind == "txt"
    assert result.pages == ("Side én om praksisplasser", "Side to")
    assert result.warnings == () and result.headings == frozenset()


def test_txt_cp1252_read_with_warning_not_garbled(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Høringssvar – økt bemanning på sykehjem «nå»".encode("cp1252"))
    result = extract(path)
    assert result.pages == ("Høringssvar – økt bemanning på sykehjem «nå»",)
    assert any("cp1252" in w for w in result.warnings)


@pytest.mark.parametrize(
    "name, payload, phrase",
    [
        ("empty.txt", b"", "empty"),
        ("empty.pdf", b"", "empty"),
        ("notes.doc", b"hello", "unsupported"),
        ("noext", b"hello", "unsupported"),
        ("binary.txt", bytes(range(256)) * 8, "decoded"),
        ("nul.txt", b"\x00\x01\x02\x03" * 100, "binary"),
    ],
)
def test_bad_text_inputs_raise_one_clear_sentence(tmp_path, name, payload, phrase):
    path = tmp_path / name
    path.write_bytes(payload)
    with pytest.raises(ExtractionError) as info:
        extract(path)
    message = str(info.value)
    assert message.startswith(name) and phrase in message and message.count(". ") == 0


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_sample_pages_text_and_no_ligatures():
    result = extract(TEKNA_PDF)
    assert result.kind == "pdf" and len(result.pages) == 4
    assert "Tverrfaglighet er et stikkord for fremtidens helsevesen." in result.pages[1]
    for path in SAMPLES.glob("*.pdf"):
        for page in extract(path).pages:
            assert "ﬁ" not in page and "ﬂ" not in page and "\x02" not in page and "\ufffe" not in page


def test_pdf_line_end_hyphen_marker_becomes_compound_hyphen():
    text = "\n".join(extract(LEGE_PDF).pages)
    # pypdfium2 returns "IT\x02systemer" for the hyphen it took from a line end.
    assert "Dårlige IT-systemer, unødvendig rapportering" in text.replace("\n", " ")


def test_pdf_letterhead_box_does_not_cut_a_sentence():
    page1 = extract(TEKNA_PDF).pages[0]
    # The sender block comes last in the content stream but sits at the top of the page.
    assert page1.index("Til Helsereformutvalget") < page1.index("Teknas første innspill Helsereformutvalget")


def test_glyph_faults_repaired_against_word_list():
    text, missed = ex.repair_glyph_faults("de o?entlige tjenestene har e?ekt, men xq?zz ikke")
    assert text == "de offentlige tjenestene har effekt, men xq?zz ikke"
    assert missed == 1

    # safer-2026 (2026-05-Simulering-som-nasjonal-strategi-SAFER-Laerdal.pdf): its font maps "ff" to a capital.
    text, missed = ex.repair_glyph_faults("3. ODentlig–privat samarbeid - hjemme og ute. Simulering kan eVektivt "
                                          "erstatte deler av klinisk praksis; det oVentlige; Global eDekt")
    assert text == ("3. Offentlig–privat samarbeid - hjemme og ute. Simulering kan effektivt erstatte deler av klinisk "
                    "praksis; det offentlige; Global effekt") and missed == 0
    # Names and words written with an inner capital stay.
    for word in ("iPad", "eHelse", "CosDoc", "AbbVie", "HelseCERT", "McDonald"):
        assert ex.repair_glyph_faults(word)[0] == word


def test_truncated_pdf_refused(tmp_path):
    data = TEKNA_PDF.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ExtractionError, match=r"^cut\.pdf: .*damaged"):
        extract(path)


def test_random_bytes_pdf_refused(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(os.urandom(5000))
    with pytest.raises(ExtractionError, match=r"^noise\.pdf: .*damaged"):
        extract(path)


def test_encrypted_pdf_refused(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-dev) makes the encrypted PDF")
    writer = pypdf.PdfWriter(clone_from=str(TEKNA_PDF))
    writer.encrypt("hemmelig", algorithm="RC4-128")  # AES would need the cryptography package
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ExtractionError, match=r"^locked\.pdf: .*password"):
        extract(path)


def test_image_only_pdf_refused_without_ocr(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from pipeline import ocr

    # With Tesseract present the pages are read by OCR (tests/pipeline/test_ocr.py); without it, a clear refusal.
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "Tesseract is not installed")

    document = pdfium.PdfDocument(str(TEKNA_PDF))
    images = [document[i].render(scale=0.5).to_pil().convert("RGB") for i in range(2)]
    document.close()
    path = tmp_path / "scan.pdf"
    images[0].save(path, "PDF", save_all=True, append_images=images[1:])
    with pytest.raises(ExtractionError, match=r"^scan\.pdf: the PDF has no text layer on 2 of 2 pages \(scanned images\), and OCR could not read it: Tesseract"):
        extract(path)


def test_pdf_page_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "LIMITS", replace(ex.LIMITS, max_pdf_pages=3))
    with pytest.raises(ExtractionError, match="has 4 pages, over the limit of 3"):
        extract(TEKNA_PDF)


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_headings_from_styles_and_underline():
    spekter = extract(SPEKTER_DOCX)
    assert spekter.kind == "docx" and len(spekter.pages) == 1
    assert "Utfordringer i dagens helsetjeneste" in spekter.headings  # Heading 1
    assert "Beredskap" in spekter.headings  # underlined Normal paragraph
    assert "Klimaendringer og samfunnsansvar" in spekter.headings
    psyk = extract(PSYK_DOCX)
    assert {"Private aktører", "Ansvars- og oppgavefordeling"} <= psyk.headings
    # List paragraphs come out as bullets.
    assert "\n\n- Organisering, styring og finansiering: Det er et vedvarende gap" in psyk.pages[0]


def test_docx_bold_headings():
    ffo = extract(SAMPLES / "2025-10-09_ffo_innspill-helsereformutvalget.docx")
    assert "1. Manglende helhet og koordinering" in ffo.headings
    assert not any(h.startswith("Helsevesenet er ikke tilpasset") for h in ffo.headings)


def test_docx_table_in_body_order_merged_cell_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Innledning før tabellen.")
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Sammenslått overskriftscelle"
    table.cell(1, 0).text = "Praksisplasser"
    table.cell(1, 1).text = "Studieplasser"
    table.cell(1, 2).text = "Veiledere"
    document.add_paragraph("Avslutning etter tabellen.")
    path = tmp_path / "tabell.docx"
    document.save(path)
    text = extract(path).pages[0]
    assert text.count("Sammenslått overskriftscelle") == 1
    assert text.index("Innledning") < text.index("Sammenslått") < text.index("Veiledere") < text.index("Avslutning")


@pytest.mark.parametrize("payload", [os.urandom(3000), b"PK\x03\x04" + os.urandom(200)])
def test_corrupt_docx_refused(tmp_path, payload):
    path = tmp_path / "broken.docx"
    path.write_bytes(payload)
    with pytest.raises(ExtractionError, match=r"^broken\.docx: .*damaged"):
        extract(path)


def test_truncated_docx_refused(tmp_path):
    data = SPEKTER_DOCX.read_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError, match=r"^half\.docx: "):
        extract(path)


def test_docx_zip_bomb_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ExtractionError, match=r"^bomb\.docx: .*(zip bomb|over the limit)"):
        extract(path)


def test_docx_total_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "LIMITS", replace(ex.LIMITS, max_docx_uncompressed=10_000))
    with pytest.raises(ExtractionError, match="over the limit of 0 MB|would unpack to"):
        extract(SPEKTER_DOCX)


def test_extraction_and_the_guards_apply_one_docx_rule(monkeypatch):
    """The limits extraction enforces are the guards' own: a file the guard lets in is not refused later."""
    assert ex.LIMITS == guards.Limits()
    small = replace(guards.Limits(), max_docx_uncompressed=10_000)
    monkeypatch.setattr(ex, "LIMITS", small)
    with pytest.raises(guards.GuardError) as refused:
        guards.check_docx(SPEKTER_DOCX.read_bytes(), SPEKTER_DOCX.name, small)
    with pytest.raises(ExtractionError) as failed:
        extract(SPEKTER_DOCX)
    assert str(failed.value) == str(refused.value)


def test_break_hyphen_markers():
    # pypdfium2 puts U+0002 (some files U+FFFE) where it removed a line-end hyphen.
    assert ex._BREAK_HYPHEN.sub(ex.join_break_hyphen, "Dårlige IT\x02systemer") == "Dårlige IT-systemer"
    assert ex._BREAK_HYPHEN.sub(ex.join_break_hyphen, "helse\ufffeog omsorg") == "helse- og omsorg"
    assert ex._BREAK_HYPHEN.sub(ex.join_break_hyphen, "utford\x02ringer") == "utfordringer"


def test_pdf_pages_post_processing_warnings():
    body = "Praksisplasser er en tydelig flaskehals for flere utdanninger."
    pages = [
        ["Innhold", "Bioingeniørene – bærebjelke og mangelvare ........ 2", body],
        ["Kvalifisert personell gir o?entlige tjenester e?ekt, men zq?xv ikke."],
        [""],
        ["kvaliﬁsert " + body],
    ]
    result = ex._pdf_result("x.pdf", pages)
    # Table-of-contents lines stay (clean makes them a toc passage).
    assert result.pages[0] == f"Innhold\nBioingeniørene – bærebjelke og mangelvare ........ 2\n{body}"
    assert result.pages[1] == "Kvalifisert personell gir offentlige tjenester effekt, men zq?xv ikke."
    assert result.pages[3].startswith("kvalifisert Praksisplasser")
    assert result.warnings == (
        "1 of 4 pages have no text",
        "1 word with an unmapped glyph ('?') could not be repaired",
    )


# --- DOCX footnotes and page headers (python-docx has no API for either) --------------------------


def test_docx_footnotes_read_in_reference_order_and_kept_as_footnote_passages():
    from pipeline import clean, segment

    result = extract(PSYK_DOCX)
    # Psykologforeningen's input has 13 footnotes, all lost before (EXTRACTION-NOTES: "one file loses 13 footnotes").
    assert len(result.footnotes) == 13
    assert result.footnotes[0] == ("1 https://www.riksrevisjonen.no/rapporter-mappe/no-2020-2021/"
                                   "undersokelse-av-psykiske-helsetjenester/")
    assert result.footnotes[-1] == "13 Psykiske helsetjenester og tilgang til psykologtjenester i Norge | Oslo Economics"
    assert [int(note.split()[0]) for note in result.footnotes] == list(range(1, 14))
    records = segment.passage_records(clean.clean_pages(result.pages, result.kind, result.footnotes), "d",
                                      result.headings)
    notes = "\n".join(r["text"] for r in records if r["kind"] == "footnote")
    assert notes.split("\n") == list(result.footnotes)
    assert not any("riksrevisjonen.no" in r["text"] for r in records if r["kind"] == "body")


def test_docx_page_header_read_apart_from_the_body(tmp_path):
    import docx

    from pipeline import metadata

    # 2026-02-Innspill-helsereforutvalg.-05.02.26.docx (development corpus): the date stands only in the page header.
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "05.02.26"
    document.sections[0].footer.paragraphs[0].text = "Steigen kommune"
    document.add_paragraph("Innspill til helsereformutvalget")
    document.add_paragraph("Vi vil peke på at fastlegeordningen i distriktene trenger en annen finansiering.")
    path = tmp_path / "header.docx"
    document.save(path)
    result = extract(path)
    assert result.running_lines == ("05.02.26", "Steigen kommune")
    assert "05.02.26" not in result.pages[0] and result.footnotes == ()
    date = metadata.guess_date(result.pages, result.running_lines)
    assert (date.value, date.rule) == ("2026-02-05", "running_header")
    assert metadata.guess_date(result.pages) is None
    # a labelled date in the header ranks as a stated date
    assert metadata.guess_date(["Brev"], ["Vår dato: 12.03.2026"]).rule == "dated_label"


def _docx_with_runs(tmp_path, paragraphs: list[list[tuple[str, bool]]], style: str | None = None):
    """A DOCX whose paragraphs are given as (text, bold) runs."""
    import docx

    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph(style=style)
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    path = tmp_path / "runs.docx"
    document.save(path)
    return extract(path)


def test_docx_bold_run_in_label_is_kept_apart_by_a_colon(tmp_path):
    # 2026-01-Privatperson-Peter-Daniel-Aune-i-Levanger-kommune.docx (development corpus): "Mål" in bold opens the
    # paragraph and read "Mål Det overordnede målet med prosjektet er …" as one sentence.
    rest = ("Det overordnede målet med prosjektet er at akutt syke mennesker i nordre Trøndelag skal oppleve "
            "pasientforløpet som helhetlig.")
    result = _docx_with_runs(tmp_path, [[("Mål", True), (" " + rest, False)]])
    assert result.pages[0] == "Mål: " + rest
    assert not result.headings
    # sunnaas-sykehus-2026 (2026-05-Til-Helsereformutvalget.docx): a point in bold, a line break, and the plain text
    # explaining it ("• Samhandling mellom nivåer og aktører Rehabilitering er …"); typed bullet and list item alike.
    rest = "Rehabilitering er per definisjon tverrfaglig og går på tvers av nivåer."
    result = _docx_with_runs(tmp_path, [[("• Samhandling mellom nivåer og aktører", True), ("\n" + rest, False)]])
    assert result.pages[0] == "• Samhandling mellom nivåer og aktører: " + rest
    rest = "Klargjøre hva pasienter skal få av rehabiliteringstjenester, hvor og av hvem, på tvers av nivåer og aktører."
    result = _docx_with_runs(tmp_path, [[("Etablering av nasjonale normer og tydeligere ansvarsdeling", True),
                                         ("\n" + rest, False)]], style="List Bullet")
    assert result.pages[0] == "- Etablering av nasjonale normer og tydeligere ansvarsdeling: " + rest


@pytest.mark.parametrize(
    "runs",
    [
        # the bold words are the sentence's subject (apotekforeningen-2026-2)
        [("Et stort antall land", True), (" har innført vaksinasjonstjenester i apotek.", False)],
        # a label with a colon (helse-bergen-2026), or the colon in plain type (ffo-2025)
        [("ISF:", True), (" Innsatsstyrt finansiering er ein annan utfordring i forhold til samhandling.", False)],
        [("Helhetlige pasientforløp", True), (": Fra behandling til rehabilitering og mestring.", False)],
        # a dash goes on with the point (sunnaasstiftelsen-2026)
        [("Fjerde kontakt", True), (" – opplærings- og utviklingsprogrammer gjennom ettårig mentorutdanning", False)],
        # a bold sentence with its stop before the plain one (sanitetskvinnene-nks-2026-2)
        [("Styrke rammevilkår for arbeidskraft og fagmiljø.", True),
         (" Ideelle aktører er populære arbeidsgivere og scorer ofte godt.", False)],
    ],
)
def test_docx_bold_words_inside_a_sentence_stay_in_it(tmp_path, runs):
    result = _docx_with_runs(tmp_path, [runs])
    assert result.pages[0] == "".join(text for text, _ in runs)
    assert not result.headings


def _docx_with_lines(tmp_path, paragraphs: list[tuple[list[str], bool]], style: str | None = None):
    """A DOCX whose paragraphs are typed lines joined by soft line breaks (Shift+Enter, <w:br/>), each paragraph
    given as (lines, bold)."""
    import docx

    document = docx.Document()
    for lines, bold in paragraphs:
        paragraph = document.add_paragraph(style=style)
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = bold
            if index < len(lines) - 1:
                run.add_break()
    path = tmp_path / "lines.docx"
    document.save(path)
    return extract(path)


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a name over its title under the sign-off (al-kommune-2026, sanitetskvinnene-nks-2026)
        (["Karsten Popp Dideriksen", "Rådmann"], "Karsten Popp Dideriksen\nRådmann"),
        (["", "Kari Helene Partapuoli", "Generalsekretær"], "Kari Helene Partapuoli\nGeneralsekretær"),
        # a forwarded e-mail's header fields (jon-hovda-2026, 2026-04-Jon-HovdaX.docx)
        (["Fra:\xa0Jon Hovda <jon.hovda@hotmail.com>", "Sendt:\xa0fredag 10. april 2026 08:21",
          "Til:\xa0Helsereformutvalget@hod.dep.no <Helsereformutvalget@hod.dep.no>",
          "Emne:\xa0Styringsutfordringar helseføretaksmodellen."],
         "Fra: Jon Hovda <jon.hovda@hotmail.com>\nSendt: fredag 10. april 2026 08:21\n"
         "Til: Helsereformutvalget@hod.dep.no <Helsereformutvalget@hod.dep.no>\nEmne: Styringsutfordringar helseføretaksmodellen."),
        # a letter's fields (psykologforeningen-2025)
        (["Politisk ansvarlig: Håkon K. Skard", "Saksbehandler: Lars J. Berglund og Sverre Christensen Lerum "],
         "Politisk ansvarlig: Håkon K. Skard\nSaksbehandler: Lars J. Berglund og Sverre Christensen Lerum"),
        # short list lines without bullets (sunnaasstiftelsen-2026)
        (["Brain Camp Yng – for barn med ervervet hjerneskade og deres foreldre",
          "Partners in Spine – for par og partnere etter ryggmargsskade",
          "Familiesamlinger for barn som pårørende – et tilbud til søsken og barn av skadde"],
         "Brain Camp Yng – for barn med ervervet hjerneskade og deres foreldre\n"
         "Partners in Spine – for par og partnere etter ryggmargsskade\n"
         "Familiesamlinger for barn som pårørende – et tilbud til søsken og barn av skadde"),
        # a lead-in on a colon over a short sentence, and the sentence under it (malselv-kommune-2026): the text in
        # lower case after the colon goes on in the same line
        (["Bør bli en nasjonal ordning med fokus på:", "boligtilpasning, ernæring, aktivitet, sosial deltakelse og mestring.",
          "Vi anbefaler også en nasjonal forventningskampanje om framtidens tjenester."],
         "Bør bli en nasjonal ordning med fokus på: boligtilpasning, ernæring, aktivitet, sosial deltakelse og mestring.\n"
         "Vi anbefaler også en nasjonal forventningskampanje om framtidens tjenester."),
    ],
)
def test_docx_soft_line_breaks_keep_short_lines(tmp_path, lines, expected):
    assert _docx_with_lines(tmp_path, [(lines, False)]).pages[0] == expected


@pytest.mark.parametrize(
    "lines",
    [
        # sentences of full length one per line are running text (lise-figenschou-2026)
        ["En sterk offentlig helsetjeneste forutsetter ikke bare at leger ønsker å arbeide der, men også at "
         "legeutdanningen holder høy og jevn kvalitet i hele landet.",
         "Rekruttering til den offentlige helsetjenesten starter i utdanningen, og kvaliteten på medisinstudiet har "
         "derfor direkte betydning for framtidig kompetanse, ansvarsevne og pasientsikkerhet.",
         "Vi må sikre høy kvalitet i legeutdanningen uavhengig av hvilket universitet det er snakk om."],
        # a short sentence over a long one: a point and its explanation (sanitetskvinnene-nks-2026-2)
        ["Ser på modeller som sikrer langsiktighet og kontinuitet.",
         "Nettopp fordi ideelle aktører ikke har kapitalsterke eiere i ryggen slik kommersielle har, er vi i større "
         "grad avhengige av avtalene med det offentlige. Ideelle aktører trenger langsiktige kontrakter og langvarige avtaler."],
        # a reference entry's author and year over its title and address: one entry, one line (unge-funksjonshemmede-2026-4)
        ["Helse Bergen. (2024).",
         "Prosjekt Speeddate: En kvalitativ undersøkelse av hvordan Helse Bergen ivaretar ungdomspasienten på sykehuset "
         "[Rapport].",
         "https://www.helse-bergen.no/49e908/contentassets/d326f9c297f34c7487134379a779b893/rapport-prosjekt-speed-date.pdf"],
        ["Le, C. (2025, 28. mars).", "Unge har lav digital helsekompetanse. Universitetet i Innlandet."],
        # a break at the paragraph's end (rke-helse-nord-2026) or start (helsetjenesteaksjonen-2026) keeps no line
        ["Nasjonale undersøkelser\xa0viser at\xa0kun en liten prosentandel av\xa0pasienter\xa0som fyller kriteriene\xa0får "
         "oppnevnt koordinator\xa0 ", ""],
        ["", "Alle modeller og reformer må sikre konkrete strukturer og mekanismer som gjør at pårørendes stemmer "
             "systematisk blir hørt – og faktisk lagt til grunn for utviklingen av helsetjenestene."],
    ],
)
def test_docx_soft_line_breaks_inside_running_text_read_as_one_line(tmp_path, lines):
    assert _docx_with_lines(tmp_path, [(lines, False)]).pages[0] == " ".join(" ".join(lines).split())


def test_docx_soft_line_breaks_in_a_list_item_and_a_heading(tmp_path):
    # sunnaasstiftelsen-2026: three of the four phases typed in one list item, one per line, are three points
    result = _docx_with_lines(tmp_path, [(["Første kontakt – oppsøkende virksomhet i sykehus av likepersoner.",
                                           "Andre kontakt – Aktiv Rehabilitering-camper",
                                           "Tredje kontakt – oppfølging i kommunene gjennom Nasjonalt Mentorkompass"],
                                          False)], style="List Paragraph")
    assert result.pages[0] == ("- Første kontakt – oppsøkende virksomhet i sykehus av likepersoner.\n"
                               "- Andre kontakt – Aktiv Rehabilitering-camper\n"
                               "- Tredje kontakt – oppfølging i kommunene gjennom Nasjonalt Mentorkompass")
    # rke-helse-nord-2026: a title over its dash subtitle is one heading, as before
    title = ["Pasienters rett til koordinator i spesialisthelsetjenesten ",
             "- behov for utvikling av differensierte koordineringsløsninger "]
    result = _docx_with_lines(tmp_path, [(title, True)])
    heading = "Pasienters rett til koordinator i spesialisthelsetjenesten - behov for utvikling av differensierte " \
              "koordineringsløsninger"
    assert result.headings == {heading} and result.pages[0] == heading


def test_docx_soft_line_breaks_reach_the_passages(tmp_path):
    from pipeline import segment as sg
    from pipeline.clean import clean_pages

    # al-kommune-2026: the names over their titles at the letter's foot stay lines of one signature passage (read as
    # one line they ran "Karsten Popp Dideriksen Rådmann"); the running text above stays one passage
    body = ("IMA representerer et dokumentert og velfungerende svar på flere av helsetjenestens strukturelle "
            "utfordringer, og bør vurderes som en modell for videre nasjonal utrulling.")
    result = _docx_with_lines(tmp_path, [([body], False), (["Ål, 07.04.2026"], False),
                                         (["Karsten Popp Dideriksen", "Rådmann"], False),
                                         (["Borghild Ulshagen", "Kommunalsjef"], False),
                                         (["Geir Strømmen", "Kommuneoverlege"], False)])
    frame = sg.segment(clean_pages(result.pages, result.kind), "al", result.headings)
    assert list(frame.text) == [body, "Ål, 07.04.2026", "Karsten Popp Dideriksen\nRådmann\nBorghild Ulshagen\n"
                                "Kommunalsjef\nGeir Strømmen\nKommuneoverlege"]
    assert list(frame.kind) == ["body", "letterhead", "signature"]
