"""Section titles, kinds and footnote markers: rules found by auditing development-corpus documents that
earlier rules were not tuned on. Each case is a real excerpt (file named in the comment)."""
from __future__ import annotations

import pytest

from pipeline import segment as sg
from pipeline.clean import clean_pages
from pipeline.extract import Line, pdf_headings


def rows_of(pages: list[str], headings: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    return [(r["kind"], r["section_title"], r["text"]) for r in sg.passage_records(pages, "d", headings)]


# --- section titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "3. Ta statlig ansvar der likhet og bærekraft krever det",  # region-kristiansand-2026
        "Kommunene må ha en sterk rolle, men da må de rigges for det",  # region-kristiansand-2026
        "3. Hvorfor omstilling stopper opp",  # helseomsorg21-radet-2026
        "Utfordringsbildet slik FFO ser det",  # ffo-2026 (a bold DOCX paragraph)
        "2. Behov for tjenester som møter mennesker der de lever livene sine",  # tyrili-2025
        "2) Riktig nivå – riktig kompetanse",  # nasjonalt-fagorgan-for-audiologi-og-optometri-uhr-hs-2026-2
        "Grenseflater – grensearbeid – institusjonelle logikker",  # nasjonalt-senter-for-distriktsmedisin-nsdm-2026
    ],
)
def test_headings_ending_on_a_pronoun_or_particle_are_titles(line):
    assert sg.is_section_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "Telefon", "Fakturaadresse", "Besøksadresse", "Organisasjonsnummer",  # mental-helse-2025's contact box
        "Oslo, mars 2026",  # abelia-2026
        "Oslo desember 2025",  # norsk-kiropraktorforening-2025
        "Fremtidens digitale Norge - regjeringen.no",  # ks-2026: the title of a linked web page
        "Innføringsklare løsninger - Hjem",  # ks-2026
        "SAFO er en paraplyorganisasjon for Norges",  # safo-2025: cut after a genitive
        "Innspill til pågående utvalg aktuelle for barn og",  # unge-funksjonshemmede-2026-3: cut after "og"
        "Arbeidet med digitalisering i helse og omsorgstjenestene er på rett vei –",  # ks-2026: cut after a dash
        "Fra 4,5 % til 3,2 %, ( p<0.001)",  # samsar-prosjektet-helse-sor-ost-2026-2: a slide's figures
        "(ikke beregnet)",  # samsar-prosjektet-helse-sor-ost-2026-2
        # samsar-prosjektet-helse-sor-ost-2026: a bold list item ending on a colon
        "5. Organisering: Vurdere en mer omfattende endring i organisering helsetjenesten uten å endre "
        "helsetjenestenivåene:",
    ],
)
def test_never_a_section_title(line):
    assert not sg.is_section_title(line)


def test_a_date_closing_a_heading_is_kept_apart():
    # ffo-2026: the bold title paragraph "FFOs innspill til helsereformutvalget 20. april 2026".
    pages = ["FFOs innspill til helsereformutvalget 20. april 2026\n\nFFO takker for invitasjon til å komme med "
             "innspill til Helsereformutvalgt.\n\nUtfordringsbildet slik FFO ser det\n\nHelsetjenesten i Norge er i stor "
             "grad god og de fleste får de helsetjenestene de trenger."]
    headings = frozenset({"FFOs innspill til helsereformutvalget 20. april 2026", "Utfordringsbildet slik FFO ser det"})
    rows = rows_of(pages, headings)
    assert rows == [
        ("letterhead", "FFOs innspill til helsereformutvalget", "20. april 2026"),
        ("body", "FFOs innspill til helsereformutvalget", "FFO takker for invitasjon til å komme med innspill til "
                                                          "Helsereformutvalgt."),
        ("body", "Utfordringsbildet slik FFO ser det", "Helsetjenesten i Norge er i stor grad god og de fleste får de "
                                                       "helsetjenestene de trenger."),
    ]
    assert sg.heading_without_date("Oslo, 12. mars 2026") == "Oslo, 12. mars 2026"  # nothing but a place is left


def test_unstyled_title_lines_head_sections_where_the_layout_named_others():
    # norsk-kiropraktorforening-2025: "Systemsvikt og forbedringspotensial" is set apart by a gap but not by type,
    # while the document's other headings were found by their type.
    body = ("Det ligger et betydelig innsparingspotensial i å utnytte eksisterende ressurser i helsetjenesten bedre, "
            "herunder kiropraktorer.")
    pages = ["Innledning\n\nKiropraktorer har en veletablert rolle i norsk helsetjeneste som primærkontakter for "
             "pasienter med muskel- og skjelettplager.\n\nSystemsvikt og forbedringspotensial\n\n" + body]
    rows = rows_of(pages, frozenset({"Innledning"}))
    assert rows[-1] == ("body", "Systemsvikt og forbedringspotensial", body)
    # Figures, labels, names and capitals stay text where the layout named the headings.
    for line in ("52 % av pasientene til lege", "Publikasjonstype: Notat", "KOMMUNESEKTORENS ORGANISASJON",
                 "Hjertelege, Haraldsplass diakonale sykehus", "Arnfinn Seim, Indre Fosen kommune"):
        assert not sg._is_unstyled_heading(line, body), line


def test_reference_title_with_a_colon_heads_the_source_list():
    # samsar-prosjektet-helse-sor-ost-2026: "Referanser:" over numbered sources, some without an address.
    pages = ["Referanser:\n\n1. SamSår- prosjektet: https://www.helse-sorost.no/samsår\n\n2. Felles tjenestemodell for "
             "digitale sårtjenester: sluttrapport-felles-tjenestemodell-innen-sarbehandling.pdf 3.\n\n"
             "5. teleSÅR – digital sårbehandling"]
    rows = rows_of(pages)
    assert {k for k, _, _ in rows} == {"reference"}
    assert {s for _, s, _ in rows} == {"Referanser:"}


# --- letter furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "22.01.2026",  # apotekforeningen-2026, under "Dato:"
        "100/23168",  # apotekforeningen-2026, "Vår ref."
        "29. juni 2026",  # helsefellesskapet-troms-og-ofoten-ssu-2026, over the signatures
        "Ål, 07.04.2026",  # al-kommune-2026
        "siri@ungefunksjonshemmede.no",  # unge-funksjonshemmede-2026-5
        "Mobil: 90 15 38 90",  # helse-bergen-2026-2
        "Dato Referanse\nNotat 07.07.2026 26/13522-1 Saksbehandler Viktor Madsen, tlf. +47 91555581",  # luftfartstilsynet
        "Trude Hagen 26/464 08.04.2026",  # norsk-sykepleierforbund-2026-2, the values of the letter fields
        "Til Helsereformutvalget Trondheim 16.06.26",  # anders-folven-2026
        "Norsk Kiropraktorforening\nLilleakerveien 31b 0283 Olso",  # norsk-kiropraktorforening-2025
    ],
)
def test_letter_furniture_is_letterhead(text):
    assert sg.text_kind(text) == "letterhead"


@pytest.mark.parametrize(
    "text",
    [
        "Kapittel 3",
        "Det er 20 000 sykepleiere som mangler i 2035.",
        "Vi mener 3 ting:",
        "Ifølge Helsedirektoratet koster legemiddelrelaterte hendelser spesialisthelsetjenesten alene rundt 10 milliarder "
        "kroner årlig.",  # apotekforeningen-2026
    ],
)
def test_running_text_with_numbers_is_no_furniture(text):
    assert not sg.is_letter_furniture(text)


def test_signatories_over_several_short_paragraphs_are_a_signature():
    # helse-bergen-2026-2 (DOCX): each line of the sign-off is a paragraph of its own.
    pages = ["Sjukehusa er store spesialiserte organisasjonar som skal løyse ei lang rekke oppgåver med ulik grad av "
             "førekomst, kompleksitet, risiko og krav til kompetanse, utstyr og bygg.\n\nBergen, 18. juni 2026\n\n"
             "Marta Ebbing\n\nFagdirektør\n\nForskings- og utviklingsavdelinga\n\n"
             "Helse Bergen HF, Haukeland universitetssjukehus\n\nMobil: 90 15 38 90"]
    rows = rows_of(pages)
    assert [k for k, _, _ in rows] == ["body", "letterhead", "signature", "letterhead"]
    # one line each, as signed (segment._stands_apart: short lines without a stop keep their own line)
    assert rows[2][2] == "Marta Ebbing\nFagdirektør\nForskings- og utviklingsavdelinga"


def test_a_name_between_signatories_is_no_body_text():
    # malselv-kommune-2026: one signatory line lacks "kommune" and so looked like text.
    pages = ["Kommunene stiller gjerne til videre dialog og bidrar med eksempler, data og erfaringer i det videre "
             "arbeidet.\n\nSiv-Hege Severi, Målselv kommune\nTurid Amundsen, Senja kommune\n\n"
             "Ann Kristin Evenstad, Sørreisa\n\nAlvilde G. Strømsmo, Salangen kommune\nHege Thomassen Fosslund, Bardu "
             "kommune\nNoeline Goos, Dyrøy kommune"]
    assert [k for k, _, _ in rows_of(pages)] == ["body", "letterhead", "letterhead", "letterhead"]


def test_an_addressee_over_letter_fields_is_letterhead():
    # norsk-sykepleierforbund-2026-2: addressee, field labels, their values, then the first heading.
    pages = ["Helsereformutvalget\n\nVår saksbehandler: Vår referanse: Vår dato: Deres referanse: Medlemsnummer:\n\n"
             "Trude Hagen 26/464 08.04.2026\n\n1. Innledning – premisser for en reform\n\nSamfunnet og helse- og "
             "omsorgstjenestene står overfor betydelige utfordringer i årene fremover."]
    for headings in (frozenset(), frozenset({"1. Innledning – premisser for en reform"})):
        rows = rows_of(pages, headings)
        assert [k for k, _, _ in rows] == ["letterhead", "letterhead", "body"]
        assert {s for _, s, _ in rows[:2]} == {""} and rows[-1][1] == "1. Innledning – premisser for en reform"


@pytest.mark.parametrize(
    "text, kind",
    [
        # nasjonalt-forskningsnettverk-for-palliasjon-i-primaerhe-2025
        ("På vegne av Nasjonalt forskningsnettverk for palliasjon i primærhelsetjenesten Anne Fasting, spesialist i "
         "allmennmedisin, kompetanseområde palliativ medisin, phd.", "signature"),
        ("På vegne av Pårørendealliansen,", "signature"),  # parorendealliansen-2026-2
        ("På vegne av pasientene ber vi utvalget se på dette.", "body"),
    ],
)
def test_on_behalf_of_signs_off_without_a_verb(text, kind):
    assert sg.text_kind(text) == kind


# --- footnote markers ----------------------------------------------------------------------------


def test_footnote_block_cutting_a_sentence_at_the_page_foot():
    # kernel-2026, pages 4-5: the footnotes follow the last line without a gap, and the sentence they cut goes on
    # at the top of the next page.
    pages = [
        "I spesialisthelsetjenesten sitter de regionale IKT-organisasjonene med ansvaret for kontrakter, drift\n"
        "og forvaltning. Samtidig er det sykehusene og helsepersonellet som er brukerne av løsningene og\n"
        "som har ansvar for den kliniske tjenesten. Dette er ulikt fra den kommunale organiseringen, der\n"
        "5 Kartlegging av kostnader knyttet til e-helse i norske kommuner En utredning på oppdrag fra KS, oktober "
        "2022, s. 18\n"
        "6 Ressursbruk på IKTY i helseregionene og nasjonale virksomheter 2024:\n"
        "https://www.helsedirektoratet.no/rapporter/ressursbruk-pa-ikt-i-helseregionene-og-nasjonale-virksomheter-2024",
        "avstanden mellom kunde og bruker er kortere, og oftere linjemessig organisert sammen – med ett\n"
        "linjeansvar for både helsetjenesten som tilbys og teknologien som benyttes.",
    ]
    rows = rows_of(clean_pages(pages, "pdf"))
    body = [t for k, _, t in rows if k == "body"]
    notes = [t for k, _, t in rows if k == "footnote"]
    assert body == ["I spesialisthelsetjenesten sitter de regionale IKT-organisasjonene med ansvaret for kontrakter, "
                    "drift og forvaltning. Samtidig er det sykehusene og helsepersonellet som er brukerne av løsningene "
                    "og som har ansvar for den kliniske tjenesten. Dette er ulikt fra den kommunale organiseringen, der "
                    "avstanden mellom kunde og bruker er kortere, og oftere linjemessig organisert sammen – med ett "
                    "linjeansvar for både helsetjenesten som tilbys og teknologien som benyttes."]
    assert len(notes) == 1 and notes[0].startswith("5 Kartlegging av kostnader") and "\n6 Ressursbruk" in notes[0]


def test_a_numbered_line_after_a_finished_sentence_is_no_footnote():
    pages = ["Vi har tre forslag til utvalget som vi mener vil styrke samhandlingen mellom nivåene.\n"
             "2 Kommunene må få større ansvar for oppfølgingen av pasientene etter utskrivning.\n"
             "3 Helsefellesskapene må få egne midler."]
    assert all(k == "body" for k, _, _ in rows_of(clean_pages(pages, "pdf")))


# --- PDF: an emphasised sentence is no heading ------------------------------------------------------


def test_a_bold_sentence_wrapped_over_two_lines_is_text():
    # helsefellesskapet-troms-og-ofoten-ssu-2026: each point opens with a bold sentence; this one wraps.
    body = "Pasienter med kroniske lidelser, multisyke og skrøpelige eldre representerer en relativt liten"
    pages = [[
        Line("Samhandlingen må styrkes gjennom mer forpliktende strukturer. Det er i dag etablert en rekke", 11.0, 0.0),
        Line("samarbeidsarenaer og enkeltprosjekter mellom kommuner og helseforetak.", 11.0, 0.0),
        Line(""),
        Line("Innsatsen må rettes tydeligere mot pasientgrupper med størst behov for koordinerte", 11.0, 1.0),
        Line("tjenester.", 11.0, 1.0),
        Line(body, 11.0, 0.0),
    ]]
    lines, headings = pdf_headings(pages)
    assert headings == set()
    assert "Innsatsen må rettes tydeligere mot pasientgrupper med størst behov for koordinerte\ntjenester." in \
        "\n".join(lines[0])


# --- split_long ----------------------------------------------------------------------------------


def test_split_long_keeps_closing_quotes_and_brackets():
    # norsk-sykepleierforbund-2026 and nasjonalt-forskningsnettverk-for-palliasjon-i-primaerhe-2025 sentences.
    sentences = [
        "Dette er ikke bare velferdspolitikk, men sikkerhetspolitikk (DSB 2023).",
        "Risikoen er at tjenester i hjemmet utvikles med «spesialistlogikk» uten tilstrekkelig involvering fra "
        "kommunale helse- og omsorgstjenester.",
        "Nesten halvparten (46 %) av norske kommuner er små og usentrale, og det må tas hensyn til i alle nye modeller "
        "(«rural proofing»).",
        "Helsetjenesten bryter ikke sammen, men den slutter gradvis å være det vi trodde den var.",
    ]
    text = " ".join(sentences * 12)
    chunks = sg.split_long(text)
    assert len(chunks) > 1
    assert " ".join(chunks) == text
    assert all(c.endswith((").", "»).", "var.", "tjenester.")) for c in chunks)


def test_a_long_author_list_and_a_joint_source_title_are_references():
    # parorendealliansen-2026, under "Kilder/vedlegg": an entry with fifteen authors before its year.
    entry = ("Ruud, T., Birkeland, B., Faugli, A., Hagen, K. A., Hellman, A., Hilsen, M., Kallander, E. K., Kufås, E., "
             "Løvås, M., Peck, G. C., Skogerbø, Å., Skogøy, B. E., Stavnes, K., Thorsen, E., & Weimand, B. M. (2015). Barn "
             "som pårørende: Resultater fra en multisenterstudie. Akershus universitetssykehus HF.")
    assert sg.text_kind(entry) == "reference"
    rows = rows_of(["Kilder/vedlegg\n\n" + entry])
    assert rows == [("reference", "Kilder/vedlegg", entry)]


# --- rules from the audit's second fresh sample (sample B) -----------------------------------------


def test_numbered_items_explained_in_lower_case_are_a_list_not_headings():
    # nasjonalt-fagorgan-for-audiologi-og-optometri-uhr-hs-2026: bold numbered points, each explained on one
    # line starting "- som …", then the real headings.
    pages = ["På tvers av både hørsel og syn/øyehelse peker utfordringsbildet mot noen klare, overordnede "
             "strukturelle svakheter:\n\n1. Fravær av nasjonale retningslinjer og helhetlige pasientforløp\n"
             "- som fører til stor variasjon, manglende kvalitetssikring og uforutsigbar tilgang.\n\n"
             "2. Fragmentert organisering og svak samhandling\n- med uklare roller, uformelt samarbeid og "
             "personavhengige løsninger.\n\nUklare roller og ansvarsforhold\n\nAnsvarsdelingen mellom ØNH-leger og "
             "audiografer er uklar og lite formalisert."]
    headings = frozenset({"1. Fravær av nasjonale retningslinjer og helhetlige pasientforløp",
                          "2. Fragmentert organisering og svak samhandling", "Uklare roller og ansvarsforhold"})
    rows = rows_of(pages, headings)
    assert [r[1] for r in rows] == ["", "", "", "Uklare roller og ansvarsforhold"]
    assert rows[1] == ("body", "", "1. Fravær av nasjonale retningslinjer og helhetlige pasientforløp\n- som fører "
                                    "til stor variasjon, manglende kvalitetssikring og uforutsigbar tilgang.")
    # A numbered heading over a bullet list, or over text that starts anew, stays a heading.
    assert not sg.is_list_item_heading("3. Tiltak", "- styrke fastlegeordningen\n- flere sykepleiere i kommunene")
    assert not sg.is_list_item_heading("2. Fragmentert organisering", "Ansvarsdelingen er uklar.")


def test_a_short_label_with_a_colon_over_running_text_heads_a_section():
    # kommuneoverlegene-i-namdalen-2026: "Helseforetakene:" and "Kommunene:" on their own lines over prose.
    pages = ["Våre forslag legges punktvis etter innledningen.\n\nHelseforetakene:\nHelseforetakene er grunnleggende "
             "byråkratisk organisert med en konsernorganisering og basert på New Public Management.\n\nKommunene:\n"
             "Kommuner er der folk lever sine liv. Kommuner er også er svært forskjellige.\n\n"
             "Mangel ved mandat og forutsetninger for arbeidet:\n- Innledningsvis ønsker vi å påpeke av vi mener "
             "mandatet gitt utvalget er for snevert."]
    rows = rows_of(pages)
    assert [(r[1], r[2][:20]) for r in rows] == [
        ("", "Våre forslag legges "), ("Helseforetakene", "Helseforetakene er g"), ("Kommunene", "Kommuner er der folk "[:20]),
        ("Kommunene", "Mangel ved mandat og"),  # a lead-in over a bullet list is no heading
    ]
    assert not sg.is_label_heading("NITO mener:", "Det er viktig at kommunene får mer ansvar for helsetjenestene.")


def test_a_trailing_dash_is_stripped_unless_the_title_goes_on_below():
    # brukerrop-2026: "Pårørendes stemme må inn i styringen-" is a DOCX heading; ks-2026's line cut at a dash
    # goes on in lower case in the paragraph below and stays no title.
    pages = ["Ulikhet i tilbud svekker både kvalitet og pasientsikkerhet.\n\nPårørendes stemme må inn i styringen-\n\n"
             "Pårørende sitter ofte med avgjørende innsikt i pasientens situasjon, forløp og risiko – særlig innen ROP "
             "og selvmordsproblematikk.\n\nArbeidet med digitalisering i helse og omsorgstjenestene er på rett vei –\n\n"
             "bevar og forsterk det som fungerer. Norge har en av verdens beste helsetjenester, mye takket være en sterk "
             "primærhelsetjeneste."]
    headings = frozenset({"Pårørendes stemme må inn i styringen-",
                          "Arbeidet med digitalisering i helse og omsorgstjenestene er på rett vei –"})
    rows = rows_of(pages, headings)
    assert [r[1] for r in rows if r[0] == "body"] == ["", "Pårørendes stemme må inn i styringen",
                                                      "Pårørendes stemme må inn i styringen"]
    assert sg.heading_without_dash("Ulikhet i tilbud —", "I dag er det betydelige geografiske forskjeller.") == \
        "Ulikhet i tilbud"


def test_a_title_wrapped_into_a_lower_case_line_is_joined():
    # helse-bergen-2026: a DOCX title set over two paragraphs, the second in lower case.
    pages = ["Innspel til Helsereformutvalet vedrørande\n\nframtidig organisering av spesialisthelseteneste tilbudet "
             "innan voksenpsykiatri og barne og ungdomspsykiatri\n\nPå leiarsamling i Helse Vest 18.03.26 presenterte "
             "Lars Erik Flatø arbeid og konklusjonar vedrørande framtidig organisering av helsetenestene i Noreg."]
    headings = frozenset({"Innspel til Helsereformutvalet vedrørande",
                          "framtidig organisering av spesialisthelseteneste tilbudet"})
    rows = rows_of(pages, headings)
    assert [(r[0], r[1]) for r in rows] == [
        ("body", "Innspel til Helsereformutvalet vedrørande framtidig organisering av spesialisthelseteneste tilbudet "
                 "innan voksenpsykiatri og barne og ungdomspsykiatri")]


def test_points_of_a_numbered_list_without_text_between_are_no_headings():
    # sintef-2026-2: the four main points listed under a lead-in; "3." and "4." share a paragraph.
    pages = ["SINTEF foreslår fire hovedgrep for en bærekraftig helse- og omsorgstjeneste:\n\n1. Innfør nasjonale "
             "styringsmål for omstilling og teknologiinvesteringer basert på helhetlige prioriteringer på tvers av "
             "tjenestenivåer 2. Styrk kommunenes innovasjonskapasitet og gjennomføringskraft\n\n3. Etabler en felles "
             "modell for innovasjon for helse- og omsorgssektoren\n4. Åpne helsesektoren mer for samarbeid med "
             "næringsliv, forsknings- og innovasjonsmiljøer\n\nVi mener det haster å sette inn kunnskapsbaserte tiltak "
             "for å møte utfordringene."]
    headings = frozenset({"4. Åpne helsesektoren mer for samarbeid med næringsliv, forsknings- og innovasjonsmiljøer"})
    assert {r[1] for r in rows_of(pages, headings)} == {""}
    assert sg.in_numbered_run("4. Åpne helsesektoren", "3. Etabler en felles modell", "Vi mener det haster.")
    assert not sg.in_numbered_run("2. Variasjon i kommunale tjenester", "… uten struktur.", "Det er i dag store forskjeller.")


def test_a_letterhead_unit_over_a_contact_label_is_no_title():
    # sintef-2026-2: the unit's name set large in the letterhead, over "Postadresse:".
    pages = ["SINTEF Digital\nPostadresse:\n\nVi takker for muligheten til å gi innspill til Helsereformutvalget i det "
             "viktige arbeidet med å utrede og foreslå modeller for en sammenhengende helse- og omsorgstjeneste."]
    assert {r[1] for r in rows_of(pages, frozenset({"SINTEF Digital"}))} == {""}


def test_sub_headings_repeated_in_every_chapter_carry_the_chapter_name():
    # apotekforeningen-2026: "1. Vaksinasjon" over "Bakgrunn", "Utfordring", "Løsning", then "2. …" with the same
    # sub-headings: the sections must not all be called "Bakgrunn". A sub-heading used once keeps its own name.
    text = "Apotekene kan sette vaksiner og bidra til høyere vaksinasjonsdekning i befolkningen."
    pages = [f"1. Vaksinasjon\n\nBakgrunn\n\n{text}\n\nUtfordring\n\n{text}\n\n2. Veiledning om riktig legemiddelbruk"
             f"\n\nBakgrunn\n\n{text}\n\nKort om apotekene\n\n{text}"]
    headings = frozenset({"1. Vaksinasjon", "Bakgrunn", "Utfordring", "2. Veiledning om riktig legemiddelbruk",
                          "Kort om apotekene"})
    assert [r[1] for r in rows_of(pages, headings)] == [
        "1. Vaksinasjon › Bakgrunn", "Utfordring", "2. Veiledning om riktig legemiddelbruk › Bakgrunn",
        "Kort om apotekene"]


# --- rules from the whole-corpus audit of 2026-12-05 ------------------------------------------------


def test_a_subject_and_its_verb_over_points_is_a_lead_in_not_a_title():
    # psykologforeningen-2026-3 (2026-06-Vedlegg-1-Om-kommune-mai-2026.pdf): the closing box "Psykologforeningen
    # mener" is set in bold like a heading over the association's points.
    last = "Vi viser også til vedlegget om samfunnsvern og alvorlig psykisk syke om kommunens rolle overfor denne gruppen."
    points = ("- Kommunen er og må forbli den sentrale arenaen for forebygging, tidlig innsats og tverrsektoriell "
              "oppfølging innen psykisk helse.\n- Statlig medfinansiering av kommunale psykiske helsetjenester bør "
              "utredes og innføres.")
    section = "Stabil og forutsigbar finansiering av psykiske helsetjenester i kommunen"
    pages = [f"{section}\n\n{last}\n\nPsykologforeningen mener\n\n{points}"]
    rows = rows_of(pages, frozenset({section, "Psykologforeningen mener"}))
    assert rows == [("body", section, last), ("body", section, f"Psykologforeningen mener\n{points}")]
    # norsk-tannpleierforening-2026 (2026-03-Innspill-helsereformutvalget.pdf): "NTPF mener" over its points.
    for line in ("Psykologforeningen mener", "NTPF mener", "Norsk Tannpleierforening mener", "Vi anbefaler:"):
        assert sg.is_lead_in(line) and not sg.is_section_title(line), line
    # helse-og-omsorgsdepartementet-2024 (stm202320240009000ddddocx.docx): a box labelled "Regjeringen vil" over
    # a sentence that says it again is a label, shown but not analysed; over its points it leads them in.
    label = "Regjeringen vil"
    sentence = "Regjeringen vil forsterke den forebyggende innsatsen i helse- og omsorgstjenesten."
    assert rows_of([f"{section}\n\n{label}\n\n{sentence}"], frozenset({section, label})) == [
        ("heading", section, label), ("body", section, sentence)]
    assert rows_of([f"{section}\n\n{label}\n\n- sikre kommunene gode rammevilkår gjennom å styrke frie inntekter"],
                   frozenset({section, label})) == [
        ("body", section, f"{label}\n- sikre kommunene gode rammevilkår gjennom å styrke frie inntekter")]
    # Questions and clauses that end on their verb are titles.
    for line in ("Hva pasientene trenger", "Slik vi ser det", "Når det haster", "Kommunens styrker"):
        assert not sg.is_lead_in(line), line


def test_a_numbered_point_ending_on_a_colon_after_a_numbered_heading_is_the_next_heading():
    # safer-2026 (2026-05-Simulering-som-nasjonal-strategi-SAFER-Laerdal.pdf): the three ways ahead are numbered
    # headings; the second wraps over two lines and ends on a colon over its bullets, so the extractor did not know it.
    one = "1. Et nasjonalt pilotprogram for simulering"
    two = ("2. Etablere et nasjonalt kompetansenettverk for simulering i kommunehelsetjenesten tilsvarende som for "
           "spesialisthelsetjenesten for å få på plass")
    pages = [f"{one}\n\nStavanger-miljøet (SAFER/SUS/UiS/kommune/Laerdal) står klart som test-hub og har ledende "
             f"simuleringskompetanse.\n\n{two}:\n- strukturer og systemer slik at kommunene kan ta i bruk simulering for "
             "å heve kvalitet og kompetanse i sine respektive helse- og omsorgstjenester.\n- Simuleringsstandarder og "
             "verktøy som deles på tvers av kommunegrenser"]
    rows = rows_of(pages, frozenset({one}))
    assert [(k, s) for k, s, _ in rows] == [("body", one), ("body", two)]
    assert rows[1][2].startswith("- strukturer og systemer")
    # samsar-prosjektet-helse-sor-ost-2026: a point labelled inside ("5. Organisering: …:") after point 4 of a list
    # that headed nothing stays text.
    assert not sg.is_colon_sibling_heading("5. Organisering: Vurdere en mer omfattende endring i organisering "
                                           "helsetjenesten uten å endre helsetjenestenivåene:", "- Delte stillinger", (4,))
    assert not sg.is_colon_sibling_heading(f"{two}:", "- strukturer", None)
    assert not sg.is_colon_sibling_heading(f"{two}:", "Det er behov for strukturer.", (1,))


def test_lettered_sub_headings_are_neither_a_title_wrapped_nor_the_rest_of_a_sentence():
    # oslo-science-city-2026 (2026-06-Til-Helsereformutvalget_innspill-fra-Oslo-Science-City_mai-2026.pdf): "a." and
    # "c." open in lower case, so "a." was joined to the chapter title and "c." to the bullet above it.
    chapter = "3. Anbefalinger til Helsereformutvalget"
    a = "a. Gjør produktivitetsforbedring til et eksplisitt styringsmål i helse- og omsorgstjenestene"
    c = "c. Styrk kommunenes innovasjonskapasitet som et hovedgrep i helsereformen"
    page = (f"{chapter}\n\n{a}\n\nHelsereformen bør tydelig fastslå at bærekraft i helse- og omsorgstjenestene\n"
            "avhenger av styrket produktivitet, prioritering og gjennomføringsevne.\n\n"
            "• at finansierings- og insentivmodeller i større grad støtter løsninger som gir\n"
            f"gevinster over tid og på tvers av forvaltningsnivåer\n\n{c}\n\nKommunene har de største demografiske og "
            "personellmessige utfordringene, men i\ndag minst strukturert kapasitet til systematisk forskning.")
    rows = rows_of(clean_pages([page], "pdf"), frozenset({chapter, a, c}))
    # "a." is a heading of its own, named with the chapter it opens (nothing stands between them); "c." stands alone.
    assert [(k, s) for k, s, _ in rows] == [("body", f"{chapter} › {a}"), ("body", f"{chapter} › {a}"), ("body", c)]
    assert rows[1][2].endswith("på tvers av forvaltningsnivåer")


@pytest.mark.parametrize(
    "text",
    [
        # birgitte-boye-2026: signatories of an open letter whose affiliations hold many lower-case words.
        "Helene Helgeland, overlege, Avdeling for barn og unges psykiske helse på sykehus, Oslo Universitetssykehus",
        "Trond Diseth, avdelingsleder og professor, Avdeling for barn og unges psykiske helse på sykehus, Oslo "
        "Universitetssykehus og Universitetet i Oslo",
    ],
)
def test_a_name_with_its_title_is_a_signatory(text):
    assert sg.affiliation_kind(text) == "signature"
    assert sg.affiliation_kind("Kari Nordmann, overlege ved Haukeland, mener at ventetidene må ned.") == "body"


# --- a chapter heading directly over its first sub-heading ------------------------------------


def test_a_numbered_chapter_over_its_first_sub_heading_stays_in_the_section_name():
    # norsk-sykepleierforbund-2026-2 (2026-04-Innspill-til-helsereformutvalget-fra-Norsk-Sykepleierforbund.pdf, p. 3):
    # "3. Utfordringsbildet" has no text of its own; it used to vanish from the document's contents.
    chapter, sub = "3. Utfordringsbildet", "Kapasitetsutfordringer og økende press i ulike deler av tjenestene"
    sibling = "Geografiske forskjeller i tilbud og kompetanse"
    page = (f"{chapter}\n\n{sub}\n\nTil tross for at Norge ligger høyt i internasjonale sammenlikninger, peker flere "
            "utviklingstrekk i retning av et økende press på helse- og omsorgstjenestene.\n\n"
            f"{sibling}\n\nSamtidig er det store vedvarende geografiske forskjeller i tilbudet i ulike deler av landet.")
    rows = rows_of(clean_pages([page], "pdf"), frozenset({chapter, sub, sibling}))
    assert [s for _, s, _ in rows] == [f"{chapter} › {sub}", sibling]


@pytest.mark.parametrize(
    ("above", "below", "named"),
    [
        ("2 Metode", "2.1 Materiale", "2 Metode › 2.1 Materiale"),  # a deeper number under its chapter
        ("Innspill til Helsereformutvalget", "Innledning", "Innledning"),  # a document title is no chapter
    ],
)
def test_only_a_numbered_chapter_names_the_sub_heading_below_it(above, below, named):
    body = "Dette er løpende tekst med nok ord til å være et eget avsnitt i dokumentet som leses her."
    rows = rows_of([f"{above}\n\n{below}\n\n{body}"], frozenset({above, below}))
    assert [(k, s) for k, s, _ in rows] == [("body", named)]


def test_a_sibling_or_a_heading_under_text_is_no_first_sub_heading():
    assert sg.opens_chapter("3.2 Forløpet – fem faser", "Fase 1: Tidlig identifisering av pårørende", empty=True)
    assert not sg.opens_chapter("1. Innledning", "2. Bakgrunn", empty=True)  # a sibling
    assert not sg.opens_chapter("2.1 Materiale", "2.2 Analyser", empty=True)
    assert not sg.opens_chapter("2 Metode", "2.1 Materiale", empty=False)  # the chapter has text of its own


def test_a_chapter_with_text_of_its_own_is_not_named_again():
    body = "Dette er løpende tekst med nok ord til å være et eget avsnitt i dokumentet som leses her."
    rows = rows_of([f"2 Metode\n\n{body}\n\n2.1 Materiale\n\n{body}"], frozenset({"2 Metode", "2.1 Materiale"}))
    assert [s for _, s, _ in rows] == ["2 Metode", "2.1 Materiale"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # safo-2025 (2026-01-SAFO.pdf): capitalised topic headings, once taken for a person's name.
        ("For Innbyggerne", True),
        ("For Folkevalgte", True),
        ("Om Verdighetsenteret", True),  # verdighetsenteret-2026
        ("Fra Kari Nordmann", False),  # a sender line
        ("Kari Nordmann", False),
    ],
)
def test_a_capitalised_line_that_opens_with_a_preposition_is_no_person(line, title):
    assert sg.is_section_title(line) is title


# --- sec-audit6 (issue #10, development corpus) ----------------------------------------------------


def test_a_chapter_repeated_over_its_text_is_no_sub_heading_of_itself():
    # ks-2026-2 (2026-06-KS-innspill-til-arbeidet-med-helsereformen-22.06.2026.pdf): the summary on page 1 lists each
    # numbered chapter's heading over its main points, and the chapter repeats the heading over its text. 62 passages
    # sat under "1. Om innholdet i modellen › 1. Om innholdet i modellen" and five more doubled titles.
    summary = ("- Primærhelsetjenesten i kommunene må utgjøre grunnmuren i helse- og omsorgstjenestene.\n"
               "- Legevakten må være en sentral del av allmennlegetjenesten og helseberedskapen i kommunene.")
    chapter = ("KS vurderer at en modell for fremtidige helse- og omsorgstjenester bør bygge videre på dagens "
               "ansvarsdeling. Denne modellen gir tydelige ansvarslinjer, sikrer demokratisk forankring og gir nødvendig "
               "handlingsrom for lokale tilpasninger.")
    second = ("- Kommunene anerkjenner behovet for mer samarbeid kommunene imellom. Det bør utvikles og tas i bruk flere "
              "ordninger for å understøtte dette.")
    pages = [f"1. Om innholdet i modellen\n\n{summary}\n\n2. Mer samarbeid mellom kommuner\n\n{second}",
             f"Bakgrunn og fakta\n\n{chapter}\n\n1. Om innholdet i modellen\n\n{chapter}"]
    headings = frozenset({"1. Om innholdet i modellen", "2. Mer samarbeid mellom kommuner", "Bakgrunn og fakta"})
    titles = [s for _, s, _ in rows_of(pages, headings)]
    assert titles == ["1. Om innholdet i modellen", "2. Mer samarbeid mellom kommuner", "Bakgrunn og fakta",
                      "1. Om innholdet i modellen"]
    # Counterpart: a sub-heading every chapter repeats still carries its chapter's name.
    pages = [f"1. Om innholdet i modellen\n\nBakgrunn\n\n{chapter}\n\n2. Mer samarbeid mellom kommuner\n\nBakgrunn\n\n"
             f"{chapter}"]
    titles = [s for _, s, _ in rows_of(pages, headings | {"Bakgrunn"})]
    assert titles == ["1. Om innholdet i modellen › Bakgrunn", "2. Mer samarbeid mellom kommuner › Bakgrunn"]


def test_an_addressee_opening_a_title_is_kept_apart():
    # ks-2026 (2026-03-Til-helsereformutvalget-KS-sitt-innspill-til-koordinering-….pdf): the letter's title names its
    # addressee first, and four passages sat under "Til helsereformutvalget - KS sitt innspill til …".
    title = ("Til helsereformutvalget - KS sitt innspill til koordinering, samordning og utvikling av "
             "digitaliseringsarbeidet mellom kommuner og spesialisthelsetjenesten")
    body = ("Vi viser til møte i KommIT-rådet med Gunnar Bovim den 23. januar 2026 og takker for invitasjonen om å gi "
            "innspill til Helsereformutvalget om digitalisering i helsesektoren.")
    rows = rows_of([f"{title}\n\n{body}"], frozenset({title}))
    section = title[len("Til helsereformutvalget - "):]
    assert rows == [("letterhead", section, "Til helsereformutvalget"), ("body", section, body)]
    # Counterparts (real lines): a sentence opening with "Til slutt" (unge-funksjonshemmede-2026-2) and the addressee
    # line alone (sunnaas-sykehus-2026), which stays no title.
    line = ("Til slutt ønsker vi også å påpeke at for unge med funksjonsnedsettelser og kroniske sykdommer er det viktig "
            "at en omorganisering ikke fører til nye og utfordrende grenseoverflater.")
    assert sg.heading_without_addressee(line) == ("", line)
    assert sg.heading_without_addressee("Til Helsereformutvalget") == ("", "Til Helsereformutvalget")
    assert not sg.is_section_title("Til Helsereformutvalget")
    # Constructed checks of the rule's limits: an idiom before a dash, too little left after the addressee.
    for line in ("Til slutt – noen betraktninger om finansiering", "Til Helsereformutvalget – innspill"):
        assert sg.heading_without_addressee(line) == ("", line)


def test_a_report_colophon_is_furniture_and_its_authors_name_no_section():
    # folkehelseinstituttet-2024 (the Mannsutvalget note): page 3 lists the publication's fields; the authors' names
    # became a section title and the fields body passages.
    assert not sg.is_section_title("Katrine Damgaard Skyrud Samera Qureshi Hege Marie Gjefsen")
    for text in ("Utgitt av Folkehelseinstituttet\nOmråde for Helsetjenester Klynge for forskning og analyse av "
                 "helsetjenesten Februar 2024", "Tittel:", "Bestilling:",
                 "Forfattere:\nKatrine Damgaard Skyrud\nSamera Qureshi Hege Marie Gjefsen Oppdragsgiver:\nMannsutvalget "
                 "Publikasjonstype: Notat",
                 "Grafisk design omslag:\nFete Typer ISBN elektronisk utgave:\n978-82-8406-440-6 Emneord (MeSH): "
                 "Helsetjenestebruk, kjønnsforskjeller, primærhelsetjenesten",
                 "Sitering: Skyrud KD, Qureshi S, Gjefsen HM. «Menns bruk av primærhelsetjenester». Notat 2024. Oslo: "
                 "Folkehelseinstituttet, 2024.",
                 "Forfattere:"):  # rke-helse-nord-2026, over the authors' names and titles
        assert sg.text_kind(text) == "letterhead", text
    # Counterparts: the note's title and an all-capitals heading (kernel-2026) are titles; text about a report stays
    # body.
    assert sg.is_section_title("Menns bruk av primærhelsetjenester")
    assert sg.is_section_title("TEKNOLOGIENS ROLLE I EN HELSEREFORM")
    assert sg.text_kind("Dette notatet ble utarbeidet på oppdrag for mannsutvalget. Oppdraget gikk ut på å kartlegge "
                        "systematiske forskjeller i helsetjenestebruk mellom menn og kvinner.") == "body"


@pytest.mark.parametrize(
    "text",
    [
        "Siri Espe, interessepolitisk leder 04.03.2026 siri@ungefunksjonshemmede.no",  # unge-funksjonshemmede-2026-2
        "Oppdal, den 04.02.2026",  # horselsforbundet-oppdal-og-rennebu-2026
        "Oslo, tirsdag 7. april 2026",  # randi-rosenqvist-2026
    ],
)
def test_a_contact_or_date_line_with_lower_case_words_is_letterhead(text):
    assert sg.text_kind(text) == "letterhead"


@pytest.mark.parametrize(
    "text",
    [
        # sentences with a date stay text (development corpus)
        "Innspillet gis på bakgrunn av møte i referansegruppa for Helsereformutvalgets møte 10. mars 2026.",  # lhl-2026-2
        "Lovgrunnlag ligger i PBRL og i lov om styrket pårørendestøtte fra 1.10.2017",  # parorendealliansen-2026-2
        "Vedlegger også presentasjon brukt under Rehabiliteringskonferansen NSH 8.mai 2026 av Frank Becker.",  # sunnaas
    ],
)
def test_a_sentence_with_a_date_stays_body(text):
    assert sg.text_kind(text) == "body"
