"""Link titles, numbered source lists, reference lists with titled entries, empty letter fields, addressee lines and
signers in the document's tail: rules found by the reader-audit12 audit of development-corpus documents (bench/
audit_reader.py). Each case is a real excerpt (file named in the comment); the counterparts are real text that must
stay as it is."""
from __future__ import annotations

import pytest

from pipeline import segment as sg


def rows_of(pages: list[str], headings: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    return [(r["kind"], r["section_title"], r["text"]) for r in sg.passage_records(pages, "d", headings)]


# --- the title of a linked web page, on a line of its own ----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Forebygging reduserer ikke trykket på helsetjenestene | DN",  # folkehelseinstituttet-2026
        "Helsepyramiden: Fra timeglass til helsepyramide – Generalisten i nettverk kan redde helse-Norge | "
        "Indremedisineren",  # lise-figenschou-2026
        "(1) The European Interoperability Framework in detail | Interoperable Europe Portal",  # legeforeningen-2026-2
        "General Practitioners’ Earnings and Practice Variation in a Fee-for-Service System: A Descriptive Registry "
        "Study[v1] | Preprints.org",  # folkehelseinstituttet-2026-2
        "Løsninger under utvikling og utprøving - Hjem",  # ks-2026
    ],
)
def test_link_titles_are_reference_lines(line):
    assert sg.is_reference_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # hjerneradet-2026: a link title run into a sentence stays with the sentence (it is text, not a title line)
        "Kartlegging av kunnskap om helseutfordringer ved... | Menon Economics lykkes bedre med dette, trenger vi mer "
        "kunnskap om årsakene til diagnostisk forsinkelse i dag.",
        "Oppsummering - KS’ posisjoner, standpunkter og anbefalinger:",  # ks-2026-2
        "Nyanse 2: Ikke bare kommune vs. sykehus",  # folkehelseinstituttet-2026
        "Innspill – Luftfartstilsynet som tilsynsmyndighet på flyplassområdet",  # luftfartstilsynet-2026
    ],
)
def test_lines_with_a_bar_or_dash_that_are_no_link_titles(line):
    assert not sg.is_reference_line(line)


def test_a_home_page_title_run_into_a_numbered_point_is_cut_off():
    # ks-2026 p. 27: two link titles over the fifth point of a numbered list, the second run into the point's title.
    text = ("Dette er sektorens største moderniseringsløft, med felles krav, anskaffelsesrammer og samhandlingstjenester. "
            "Over 200 kommuner deltar. Målet er moderne, sammenhengende og fremtidsrettede journalløsninger.")
    pages = ["Avslutningsvis\n\nLøsninger under utvikling og utprøving - Hjem\nInnføringsklare løsninger - Hjem "
             "5. Felles journalløft\n" + text]
    rows = rows_of(pages)
    assert rows == [
        ("reference", "Avslutningsvis", "Løsninger under utvikling og utprøving - Hjem\nInnføringsklare løsninger - Hjem"),
        ("body", "Avslutningsvis", "5. Felles journalløft\n" + text),
    ]
    assert sg.split_page_titles("Innføringsklare løsninger - Hjem 5. Felles journalløft") == [
        "Innføringsklare løsninger - Hjem", "5. Felles journalløft"]
    assert sg.split_page_titles("Hjemmetjenesten - Hjemmesykepleie i Bergen") == [
        "Hjemmetjenesten - Hjemmesykepleie i Bergen"]


def test_a_footnote_that_is_a_linked_file_name_is_a_reference():
    # ks-2026-2 p. 7: footnote 14 is the name of the linked file, alone at the foot of the page.
    assert sg.is_reference_line("14 26-04-08-kriterier-til-helsereformutvalget.pdf")
    assert sg.text_kind("14 26-04-08-kriterier-til-helsereformutvalget.pdf") == "reference"
    for line in ("14. Finansieringen av spesialisthelsetjenesten må endres slik at det i Statsbudsjettet skilles mellom "
                 "drift og investering.",  # troms-fylkeskommune-2026: a numbered point, not a footnote
                 # sunnaas-sykehus-2026: an attachment named in a sentence
                 "Vedlegger også presentasjon brukt under Rehabiliteringskonferansen NSH 8.mai 2026 av Frank Becker."):
        assert not sg.is_reference_line(line), line


# --- a source list numbered in brackets, run into one line ----------------------------------------------------------

LEGEFORENINGEN_SOURCES = (  # legeforeningen-2026-2, the last passage of "8. Avslutning"
    "(2) Styrings- og finansieringsmodeller for effektiv e-helseutvikling i Norge. Legeforeningens innspill basert på "
    "internasjonale erfaringer. Den Norske Legeforening 2019 (3) Suksessfaktorer for digitalisering i helsesektoren. "
    "Den Norske Legeforening 2025 (4) Veileder om fastlegers deltakelse i helsefellesskap. KS og Den Norske "
    "Legeforening 2021")


def test_a_numbered_source_list_is_a_reference_and_numbered_points_are_not():
    assert sg.is_numbered_source_list(LEGEFORENINGEN_SOURCES)
    text = "(1) The European Interoperability Framework in detail | Interoperable Europe Portal\n" + LEGEFORENINGEN_SOURCES
    assert sg.text_kind(text) == "reference"
    for line in (
        "(1) Pårørende er en ressurs og samarbeidspartner, men ikke et tjenestenivå.",  # parorendealliansen-2026-2
        # legeforeningen-2026-2: "(2)" cites a source inside running text
        "(2) Kort oppsummert ønskes sentralisert, ovenfra ned styring for å skape kontroll. Arbeiderne på gulvet hemmes "
        "slik at de må finne lokale løsninger.",
        # troms-fylkeskommune-2026: a proposal's number
        "Representant Marta Hofsøy (Ap) fremmet på vegne av Ap, H, MDG og Krf følgende forslag (1):",
    ):
        assert not sg.is_numbered_source_list(line), line
        assert sg.text_kind(line) == "body", line


# --- a reference list whose entries are titled like headings --------------------------------------------------------

FHI_LIST = (  # folkehelseinstituttet-2026 p. 8-9: debate articles, each title set bold like the headings
    "Litteratur\n\nHer er en liste med noen av debattinnleggene om reformer i helsevesenet.\n\n"
    "Jon Magnussen: Er helseforetakenes tid over?\n\n"
    "Mer her: https://www.altinget.no/helse/artikkel/er-helseforetakenes-tid-over\n\n"
    "Mer faglighet innenfor demokratiske rammer\n\nGunnar Bovim og Bjørn Atle Bjørnbeth\n"
    "Mer her: Mer faglighet innenfor demokratiske rammer\n\n"
    "Faget først – det er slik vi berger sykehusene\n\n"
    "Ståle Ørstavik Clementsenoverlege og leder i Overlegeforeningen\nFaget først – det er slik vi berger sykehusene\n\n"
    "Vi trenger mer enn justeringer og velmente intensjoner\nSøren Barlebo Rasmussen Partner i strategihuset Mobilize\n"
    "Gunnar Bovim Rådgiver / professor, Rektors stab, NTNU")
FHI_HEADINGS = frozenset({"Litteratur", "Jon Magnussen: Er helseforetakenes tid over?",
                          "Mer faglighet innenfor demokratiske rammer", "Faget først – det er slik vi berger sykehusene",
                          "Konklusjon"})
FHI_CONCLUSION = (  # folkehelseinstituttet-2026, the text under "Konklusjon"
    "Det er sagt at de som tror de tror de har funnet det optimale systemet for å organisere helsetjenesten, bør "
    "vurdere om de har et Napoleonkompleks. Det er gode argumenter og motargumenter for mange av endringene og "
    "konklusjonen vil avhenge av hvor sterke de ulike effektene er.")


def test_titled_entries_of_a_reference_list_stay_in_the_list():
    rows = rows_of([FHI_LIST], FHI_HEADINGS)
    assert {k for k, _, _ in rows} == {"reference"}
    assert {s for _, s, _ in rows} == {"Litteratur"}  # never an article's title as a section
    assert " ".join(t for _, _, t in rows).split() == FHI_LIST.split()[1:]  # every word shown, in order


def test_a_heading_over_running_text_ends_the_reference_list():
    # The same list, then a heading of the document over its running text (both real, from the same document).
    rows = rows_of([FHI_LIST + "\n\nKonklusjon\n\n" + FHI_CONCLUSION], FHI_HEADINGS)
    assert rows[-1] == ("body", "Konklusjon", FHI_CONCLUSION)
    assert {k for k, _, _ in rows[:-1]} == {"reference"}
    # A numbered heading ends it too, whatever follows.
    assert not sg.is_reference_entry_title("5. Avslutning", "Kort tekst")
    assert not sg.is_reference_entry_title("Vedlegg 1 Oppfølging av pasienter", "Kort tekst")


# --- letter furniture ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Lene Charlotte Nilsen\nTelefonnr.: Epostadresse:",  # sor-varanger-kommune-2026, fields left empty
        "Navn på høringsinstans:\nLHL, Landsforeningen for hjerte, lunge og hjerneslag\nE-post avsender:",  # lhl-2026-2
        "Dokumentnr.:",  # ks-2026-2
        "Kopi til",  # luftfartstilsynet-2026
        "Helsereformutvalget 26.03. 2026 v/Gunnar Bovim",  # nho-geneo-2026: "v/" is read as the word "v"
    ],
)
def test_empty_letter_fields_and_addressee_lines_are_letterhead(text):
    assert sg.text_kind(text) == "letterhead"


@pytest.mark.parametrize(
    "text",
    [
        "Vi anbefaler:",  # brit-haver-2026
        "Kort oppsummert handler det om at vi kan bidra til å:",  # apotekforeningen-2026
        "Fra KDfs ståsted vil vi i tillegg anbefale at utvalget inkluderer tre supplerende kriterier i sitt videre "
        "arbeid:",  # norsk-kommunedirektorforum-2026
        "Oppsummering - KS’ posisjoner, standpunkter og anbefalinger:",  # ks-2026-2
        "Innspill fra Norway Health Tech til Helsereformutvalget",  # norway-health-tech-2026-2
    ],
)
def test_lead_ins_and_titles_are_no_letter_fields(text):
    assert sg.text_kind(text) == "body"


def test_an_addressee_line_between_the_letter_fields_is_letterhead():
    # luftfartstilsynet-2026, page 1 of the memo.
    text = ("Luftfartstilsynet ønsker å gi et innspill til Helsereformutvalget. Formålet er å minne om at helseforetakene "
            "er en aktør innen luftfarten.")
    pages = ["Dato Referanse\nNotat 07.07.2026 26/13522-1 Saksbehandler Viktor Madsen, tlf. +47 91555581\n\n"
             "Til fagavdeling for bemannet og ubemannet luftfart - Wenche Olsen\n\nKopi til\n\n"
             "Innspill til Helsereformutvalget\n\n" + text]
    rows = rows_of(pages)
    assert [k for k, _, _ in rows] == ["letterhead", "letterhead", "letterhead", "body"]
    assert rows[-1] == ("body", "Innspill til Helsereformutvalget", text)


# --- signers in the document's tail --------------------------------------------------------------------------------

P = sg._Paragraph


def test_signers_at_the_end_are_a_signature():
    # jon-hovda-2026: the writer's name over the forwarded e-mail's header.
    paragraphs = [P("Oppsummering", None, "Det er eit stort avvik mellom RHF-a sine handlingar og statlege mål og "
                                          "oppdrag. Dette rammar ideelle aktørar.", "body"),
                  P("Oppsummering", None, "Jon Hovda", "body"),
                  P("Oppsummering", None, "3864 Rauland\nFra: Jon Hovda <jon.hovda@hotmail.com>", "letterhead")]
    assert [p.kind for p in sg._settle_furniture(paragraphs)] == ["body", "signature", "letterhead"]
    # skien-kommune-2026: three municipal chief medical officers under the date.
    paragraphs = [P("Innspill", 2, "For å lykkes må forebygging være et felles mandat.", "body"),
                  P("Innspill", 2, "22. mai 2026", "letterhead"),
                  P("Innspill", 2, "Kommuneoverlegen i Skien Anne Gunhild Waagsbø Kjellsen\nKommuneoverlegen i "
                                   "Porsgrunn Jan Arne Hunnestad\nKommuneoverlegen i Kragerø Brynhild Braut", "body")]
    assert [p.kind for p in sg._settle_furniture(paragraphs)] == ["body", "letterhead", "signature"]


def test_text_ending_on_a_name_before_the_sign_off_stays_body():
    signature = P("s", 1, "Med vennlig hilsen\nLise Figenschou\nFastlege og tillitsvalgt", "signature")
    for text in (
        # sunnaas-sykehus-2026: a sentence ending on a name
        "Vedlegger også presentasjon brukt under Rehabiliteringskonferansen NSH 8.mai 2026 av Frank Becker.",
        "Vi viser også til tidligere innsendt notat fra Lilly Ann ved oppstarten av utvalgsarbeidet",  # ffo-2026
        # nasjonalt-forskningsnettverk-for-palliasjon-i-primaerhe-2025: the last points of a list
        "- Kunnskapsgrunnlag fra pågående og tidligere studier innen palliasjon i primærhelsetjenesten.\n"
        "- Erfaring med implementering, samhandling og kompetansebygging på tvers av nivåer.",
        "Fastlege, og litt kommuneoverlege i Stavanger",  # ivar-halvorsen-2026: ends on a place, not a name
    ):
        paragraphs = [P("s", 1, "Helsetjenesten må henge sammen for pasientene i hele landet.", "body"),
                      P("s", 1, text, "body"), signature]
        assert sg._settle_furniture(paragraphs)[1].kind == "body", text
    # a name in the middle of the document, with running text after it, is not the tail
    paragraphs = [P("s", 1, "Jon Hovda", "body"), P("s", 1, "3864 Rauland", "letterhead"),
                  P("s", 1, "Det er eit stort avvik mellom RHF-a sine handlingar og statlege mål.", "body")]
    assert sg._settle_furniture(paragraphs)[0].kind != "signature"


def test_for_and_a_name_over_the_signer_is_a_sign_off():
    assert sg.text_kind("For Pårørendealliansen,") == "signature"  # parorendealliansen-2026, over "Anita Vatland, …"
    # Its source list after the sign-off keeps its heading (page 9 of the same document).
    pages = ["Helsereformutvalget må ha med dette perspektivet som grunnlag for diskusjonene om fremtidens helsereform.\n\n"
             "For Pårørendealliansen,\n\nAnita Vatland, generalsekretær\n\nKilder/vedlegg\n\nHelsedirektoratet. (2025). "
             "Rapport fra nasjonal pårørendeundersøkelse 2024 [nettdokument]. Helsedirektoratet. "
             "https://www.helsedirektoratet.no/rapporter/rapport-fra-nasjonal-parorendeundersokelse-2024"]
    rows = rows_of(pages)
    assert [(k, s) for k, s, _ in rows] == [("body", ""), ("signature", ""), ("reference", "Kilder/vedlegg")]
    assert rows[1][2] == "For Pårørendealliansen,\nAnita Vatland, generalsekretær"
    for text in ("For Folkevalgte",  # safo-2025: a heading
                 "For LHL er det avgjørende at modellen Helsereformutvalget anbefaler, legger til rette for "
                 "rehabiliteringstjenester som tar utgangspunkt i pasientens behov.",  # lhl-2026-2
                 "For å lykkes må forebygging være et felles mandat."):  # skien-kommune-2026
        assert sg.text_kind(text) == "body", text


def test_the_addressee_alone_under_the_letter_fields_is_letterhead():
    # fylkesordforer-radslederkollegiet-ks-2026, page 1.
    body = ("Fylkesordfører-/rådslederkollegiet takker for muligheten til å gi innspill til Helsereformutvalget. Den "
            "offentlige tannhelsetjenesten står overfor økende kompleksitet, høye forventninger og demografiske endringer.")
    paragraphs = [P("", 1, "KOMMUNESEKTORENS ORGANISASJON\nThe Norwegian Association of Local and Regional "
                           "Authorities", "body"),  # the logo (other_language only after the language stage)
                  P("", 1, "Vår referanse: 26/00031-10\nArkivkode: 033 Saksbehandler: Ingrid Ulberg Sommer Deres "
                           "referanse:", "letterhead"),
                  P("", 1, "Dato: 12.05.2026", "letterhead"),
                  P("", 1, "Helsereformutvalget", "body"),
                  P("Innspill fra fylkeskommunene til Helsereformutvalget", 1, body, "body")]
    assert [p.kind for p in sg._settle_furniture(paragraphs)][1:] == ["letterhead", "letterhead", "letterhead", "body"]
    # Below the letter's first text a short line is the letter's own (a title, a point), not its addressee.
    paragraphs = [P("", 1, "Dato: 12.05.2026", "letterhead"), P("s", 1, body, "body"),
                  P("s", 1, "Helsereformutvalget", "body"), P("s", 1, body, "body")]
    assert sg._settle_furniture(paragraphs)[2].kind == "body"
    # A title of the letter is longer than a name ("Innspill fra Norway Health Tech til Helsereformutvalget",
    # norway-health-tech-2026-2) and a lower-case word is no name.
    for text in ("Innspill fra Norway Health Tech til Helsereformutvalget", "Innspill til helsereformutvalget"):
        paragraphs = [P("", 1, "Dato: 12.05.2026", "letterhead"), P("", 1, text, "body"), P("s", 1, body, "body")]
        assert sg._settle_furniture(paragraphs)[1].kind == "body", text
