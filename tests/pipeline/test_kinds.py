"""Passage kinds, section titles, footnote markers and PDF headings, each rule on real excerpts.

Excerpts come from the development corpus (Helsereformutvalget inputs, 2025–2026; file named
in each case) or are quoted in issue #10 from real submissions outside the project. The test
that reads a corpus file skips when ../shared/corpora is absent (a user's clone).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import schema
from pipeline import segment as sg
from pipeline.clean import strip_orphan_markers
from pipeline.extract import Line, extract, pdf_headings
from tests.conftest import DEV_CORPUS as CORPUS


def kinds_and_sections(pages: list[str], headings: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    return [(r["kind"], r["section_title"], r["text"]) for r in sg.passage_records(pages, "d", headings)]


# --- section titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Hei",  # the greeting 73 of 74 passages of one letter sat under
        "Hei,",
        "Til Helsereformutvalget",
        "Til Helsereformutvalget Oslo 15.06.2026",  # diakonhjemmet-sykehus-2026-2
        "2. juli 2026",
        "Dato: 20.03.2026",
        "Torbjørn Aamodt, Sensio",
        "Tackling Wasteful Spending on Health | OECD",  # a link title in a footnote
        "Innhold",
        "Innholdsfortegnelse",
        "«Det føles som å bli kastet ut av et trygt rede»",
        "En bærekraftig modell må derfor",  # norsk-tannpleierforening-2026: a lead-in, not a heading
        "Sp a t t n t r",  # letter debris from a graphic in ks-2026-2
        "Følsomhet Intern (gul)",
        "Med vennlig hilsen",
        "[Boks slutt]",  # a box marker in Meld. St. 9 (2023–2024)
        "Helsedirektoratet. (2025). Rapport fra nasjonal pårørendeundersøkelse 2024 [nettdokument]. Helsedirektoratet.",
    ],
)
def test_never_a_section_title(line):
    assert not sg.is_section_title(line)


@pytest.mark.parametrize(
    "line",
    [
        "Praksisplasser",
        "1.3 Overordnede betraktninger",
        "Finansielle virkemidler er avgjørende for et felles løft",  # ks-2026
        "Til helsereformutvalget - KS sitt innspill til koordinering, samordning og utvikling av digitaliseringsarbeidet",
        "Helse Nord RHF",
        "Digital samhandling",
    ],
)
def test_real_section_titles_pass(line):
    assert sg.is_section_title(line)


def test_greeting_and_date_never_head_the_letter():
    # The shape of the letter whose 73 of 74 passages sat under "Hei" (folkehelseinstituttet-2026-2 opens so too).
    pages = ["Hei\n\nVi har et forskningsprosjekt gående ved FHI der vi ser på ulike sider ved finansieringsordningen "
             "for fastlegetjenesten.\n\n2. juli 2026\n\nBlant annet ser vi på hvordan insentivene i takstsystemet slår ut "
             "for ulike portvokteroppgaver, og dernest gjør vi sammenligninger."]
    assert {section for _, section, _ in kinds_and_sections(pages)} == {""}


# --- kinds ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # folkehelseinstituttet-2024, under "Referanser"
        'Oksuzyan, A., K. Juel, J. W. Vaupel and K. Christensen (2008). "Men: good health and high mortality. Sex '
        'differences in health and aging." Aging Clin Exp Res 20(2): 91-102.',
        # parorendealliansen-2026
        "Haugland, B. S. M., Hysing, M., & Sivertsen, B. (2020). The burden of care: A national survey on the prevalence, "
        "demographic characteristics and health problems among young adult carers attending higher education in Norway.",
        # unge-funksjonshemmede-2026-4: a reference list run together into one paragraph
        "Oslo universitetssykehus. (u.å.). Fagprosedyrer – barn og ungdom. https://ehandboken.ous-hf.no/folder/1191 "
        "Pedersen, K. (2024, 11. juni). Disse unge gir råd til sykehuset.",
        # unge-funksjonshemmede-2026-2, a footnote with a doi
        "6Rajka & Haugstad, 2025. Sykehusene svikter de unge i overgangen til voksenhelsetjenesten. Sykepleien "
        "2025(113). DOI 10.4220/Sykepleiens.2025.98538",
        "https://www.regjeringen.no/no/dokumenter/nou-2023-4/id2961552/",
        "Les mer: www.helsedirektoratet.no/rapporter",
        # sintef-2026: a footnote number on its own line above the reference
        "7\nNasjonal helse- og samhandlingsplan (2024–2027), https://www.regjeringen.no/no/dokumenter/meld.-st.-9-20232024/id3027594/",
    ],
)
def test_reference_lines_are_references(text):
    assert sg.text_kind(text) == "reference"


@pytest.mark.parametrize(
    "text, kind",
    [
        # A body sentence citing a year in brackets is running text.
        ("Helsepersonellkommisjonen (2023) peker på at personellveksten i helse- og omsorgstjenesten ikke er bærekraftig.",
         "body"),
        ("Følsomhet Intern (gul)", "letterhead"),
        ("Vår referanse: 26/01044-1 Dato: 20.03.2026", "letterhead"),  # ks-2026
        ("Med vennlig hilsen Arvid Rongve", "signature"),
        ("Dokumentet er elektronisk godkjent og har ingen signatur", "signature"),  # ks-2026
        # safo-2025: the letterhead under the addressee
        ("Til Helsereformutvalget\nMail: helsereformutvalget@hod.dep.no Oslo, den 28. november 2025 Saksbehandler: Trine Wigtil",
         "letterhead"),
        ("Flere brukere får hjelp tidligere - x x - ? x - x ? x", "table"),  # issue #10: a flattened table
        ("-0,07*** -0,07*** -0,09*** Afrika, Asia, Sør-Amerika\n0,42*** 0,41*** 0,41***", "table"),  # folkehelseinstituttet-2024
        ("I 2023 var det 1 234 ansatte i tjenesten, og 56 prosent av dem arbeidet deltid i kommunene.", "body"),
    ],
)
def test_text_kinds(text, kind):
    assert sg.text_kind(text) == kind


def test_sign_off_block_then_appendix_stays_body():
    # melanor-2026 signs off with names and titles; an appendix with running text may follow a sign-off.
    appendix = ("Pasienter med føflekkreft får i dag ulik oppfølging avhengig av hvor i landet de bor, og mange opplever "
                "at ansvaret for kontrollene faller mellom sykehus og fastlege uten at noen følger dem opp over tid.")
    pages = ["Vi ser fram til videre dialog med utvalget om hvordan oppfølgingen kan bli bedre for pasientene.\n\n"
             "Vennlig hilsen\nMelanor\n\nHella Yngsdal\n\nFagdirektør\n\nVedlegg 1 Oppfølging av pasienter\n\n" + appendix]
    rows = kinds_and_sections(pages)
    assert [k for k, _, _ in rows] == ["body", "signature", "body"]
    assert rows[1][2] == "Vennlig hilsen\nMelanor\nHella Yngsdal\nFagdirektør"
    assert rows[2] == ("body", "Vedlegg 1 Oppfølging av pasienter", appendix)


def test_reference_section_and_link_lines():
    pages = ["Avsluttende kommentar\nDet er behov for en helhetlig plan for unge med kroniske sykdommer i overgangen "
             "til voksenhelsetjenesten.\nhttps://www.riksrevisjonen.no/globalassets/rapporter/rehabilitering.pdf\n\n"
             "Referanser\n\nRiksrevisjonen, 2024. Dokument 3:12 (2023-2024) Rehabilitering i helse- og omsorgstjenestene.\n\n"
             "Helsedirektoratet. (2025). Rapport fra nasjonal pårørendeundersøkelse 2024."]
    rows = kinds_and_sections(pages)
    assert [k for k, _, _ in rows] == ["body", "reference", "reference"]
    assert "https" not in rows[0][2]
    assert rows[2][1] == "Referanser" and rows[2][2].count("\n") == 1  # one entry per line, one passage


#: Analysed passages of the development corpus that still held a web address inside running text (issue 10a).
NORWAY_HEALTH_TECH = (  # norway-health-tech-2026-2
    "Norway Health Tech samler over 350 virksomheter; bedrifter, investorer, helseforetak, kommuner, akademia og "
    "forskningsmiljøer. Sammen driver vi frem vekst i helsenæringen og akselererer innovasjon i helsetjenesten – til "
    "det beste for pasienter og innbyggere. For mer informasjon om Norway Health Tech, se www.norwayhealthtech.com")
TYRILI = (  # tyrili-2025
    "Samarbeid mellom spesialisthelsetjenesten, kommunene og ideell sektor må styrkes. Tjenestene må kunne bevege seg "
    "på tvers av nivåer og følge pasienten over tid. Kilde: se eget vedlegg eller OUS sin nettside "
    "https://www.oslo-universitetssykehus.no/492771/contentassets/9a5d6714bab6436ca92a5d62a1812be8/"
    "rus--og-avhengighetsbehandling-2035---sluttnotat.pdf")
PSYKOLOGFORENINGEN = (  # psykologforeningen-2026-3: the address follows the sentence, the next bullet its own line
    "- Hå kommune med 20.000 innbyggere og 19 fastleger har ansatt to psykologer som er tilgjengelige i "
    "fastlegekontorene. Hå kommune har også tilsatt psykolog som skal arbeide med barn og unge. "
    "https://www.psykologforeningen.no/aktuelt/tenker-framover\n- I Fredrikstad kommune er det utviklet et viktig "
    "tverrfaglig samarbeid i rehabiliteringstjenesten.")
KERNEL = (  # kernel-2026: a footnote run inside a sentence that continues on the next page
    "18 6 Ressursbruk på IKTY i helseregionene og nasjonale virksomheter 2024: https://www.helsedirektoratet.no/"
    "rapporter/ressursbruk-pa-ikt-i-helseregionene-og-nasjonale-virksomheter-2024/nasjonalt-overblikk-pa-utviklingen-"
    "i-ikt-ressursinnsats/overordnet-kostnadsutvikling avstanden mellom kunde og bruker er kortere, og oftere "
    "linjemessig organisert sammen – med ett linjeansvar for både helsetjenesten som tilbys og teknologien som benyttes.")


@pytest.mark.parametrize("text", [NORWAY_HEALTH_TECH, TYRILI, PSYKOLOGFORENINGEN, KERNEL])
def test_no_web_address_in_analysed_text_and_nothing_lost(text):
    rows = kinds_and_sections([text])
    body = " ".join(t for k, _, t in rows if k == "body")
    assert "http" not in body and "www." not in body
    assert any(k == "reference" and ("http" in t or "www." in t) for k, _, t in rows)
    # every word is still shown, in order
    assert " ".join(t for _, _, t in rows).split() == text.split()


def test_link_sentences_split_off_and_the_rest_stays_body():
    rows = kinds_and_sections([NORWAY_HEALTH_TECH])
    assert [(k, t) for k, _, t in rows] == [
        ("body", NORWAY_HEALTH_TECH.split(" For mer")[0]),
        ("reference", "For mer informasjon om Norway Health Tech, se www.norwayhealthtech.com")]
    rows = kinds_and_sections([TYRILI])
    assert [k for k, _, _ in rows] == ["body", "reference"] and rows[1][2].startswith("Kilde: se eget vedlegg")
    rows = kinds_and_sections([KERNEL])
    assert rows[-1] == ("body", "", "avstanden mellom kunde og bruker er kortere, og oftere linjemessig organisert "
                        "sammen – med ett linjeansvar for både helsetjenesten som tilbys og teknologien som benyttes.")
    assert sg.sentences("Se «rapporten.» Den viser mye. Les mer på www.fhi.no.") == [
        "Se «rapporten.»", "Den viser mye.", "Les mer på www.fhi.no."]
    # a number with dots is no address; a sentence without an address is untouched
    assert [k for k, _, _ in kinds_and_sections(["Utvalget viser til punkt 10.2 i mandatet og mener at "
                                                 "fastlegeordningen må styrkes i hele landet."])] == ["body"]


def test_table_of_contents_becomes_one_toc_passage_and_ends_at_its_first_heading():
    pages = ["Innhold\n1 Innledning 3\n2 Bakgrunn og fakta 4\n2.1 Tall 5\n\n1 Innledning\nDette er et innspill fra oss "
             "til utvalget om helse og omsorg i kommunene.\n\n2 Bakgrunn og fakta\nHer kommer mer tekst om hvordan det "
             "står til med helsetjenesten.",
             # helsefellesskapet-i-bergensomradet-2026-2: the PDF's dot-leader entries are gone; a heading follows the title
             ]
    rows = kinds_and_sections(pages)
    assert rows[0] == ("toc", "", "Innhold\n1 Innledning 3\n2 Bakgrunn og fakta 4\n2.1 Tall 5")
    assert [(k, s) for k, s, _ in rows[1:]] == [("body", "1 Innledning"), ("body", "2 Bakgrunn og fakta")]
    rows = kinds_and_sections(["Innhold\nFormål med dokumentet\nHelsefellesskapet skriver dette for å gi utvalget et "
                               "innspill om samhandling mellom nivåene."])
    assert rows[0] == ("toc", "", "Innhold")
    assert rows[1][:2] == ("body", "Formål med dokumentet")


# Real excerpts of the development corpus: signatories and affiliations without a sign-off, addresses and partner lists
# (they made a topic of their own: "oslo · universitetet · sintef · rhf · helseforetak · avdeling · postboks"), and
# passages that look like them but are the documents' own text.
@pytest.mark.parametrize(
    "text, kind",
    [
        # birgitte-boye-2026: an open letter's co-signatories, one per paragraph
        ("Torbjørn Elvsåshagen, overlege og professor, Nevrologisk avdeling, Oslo Universitetssykehus og Universitetet "
         "i Oslo", "signature"),
        ("Lars-Petter Granan, avdelingsleder, Avdeling for smertebehandling, Oslo Universitetssykehus Cathrine "
         "Abrahamsen, fastlege og forsker, Universitetet i Oslo", "signature"),
        # ks-storbynettverk-2026: names, then titles and cities
        ("Tormod W. Losnedal Kjetil Ovrid Reinskou Kjell Arne Hermansen\nOrdfører, Stavanger Byrådsleder, Trondheim "
         "Ordfører, Drammen", "signature"),
        # kommuneoverleger-i-trondelag-2026
        ("Ingrid Kristiansen, Frøya kommune Kirsten Vikan Opdahl, Rennebu kommune Siw-Lindia Leirbakk Ledsaak, "
         "Ørlandet kommune", "letterhead"),
        # sunnmore-regionrad-2026 (Nynorsk sign-off without a line break after it)
        ("Med helsing Kenneth Langvatn (sign.), styreleiar Sverre Øvrelid Steen (sign.), dagleg leiar", "signature"),
        # mental-helse-2025: the address repeated in every page footer
        ("Postboks 1423 Vika\n0115 Oslo", "letterhead"),
        # oslo-science-city-2026: the partner list in every page footer
        ("7 Oslo kommune • Universitetet i Oslo • Sør-Øst RHF • Oslo universitetssykehus HF • SINTEF • NORCE Research\n"
         "- NGI • FERD • Allstad • Transportøkonomisk institutt • Oslo Pensjonsforsikring • Forskningsparken", "letterhead"),
        # not signatures: running text naming the same institutions, a list item, a name line with a sentence after it
        ("Oslo Science City representerer det sterkeste faglige tyngdepunktet innen helse og livsvitenskap i Norge, med "
         "forskningsmiljøene ved Universitetet i Oslo og Oslo universitetssykehus som sentrale motorer", "body"),
        ("- prehabilitering og rehabilitering som en integrert del av behandlingen", "body"),
        ("Ingvild Nordøy, seksjonsoverlege, Seksjon for klinisk immunologi og infeksjonssykdommer, Oslo "
         "Universitetssykehus Funksjonelle lidelser: vanlige, invalidiserende og mangler systematisk behandlingstilbud. "
         "Det ønsker vi å gjøre noe med!", "body"),
        ("Tilgang til og bruk av helsedata må forenkles gjennom nasjonal koordinering og standardisering.", "body"),
        ("Helse Sør-Øst, Helse Vest, Helse Midt-Norge og Helse Nord", "body"),
        # norsk-kiropraktorforening-2025: figures, not a signatory ("Fastlege" is a title word)
        ("Kostnadsfordeling: Sykehus: 89 %, Fysioterapi: 8 %, Fastlege: 3 %, Kiropraktor: marginal andel.", "body"),
    ],
)
def test_affiliation_and_address_blocks_are_not_analysed(text, kind):
    assert sg.affiliation_kind(text) == kind


def test_co_signatories_at_the_top_do_not_turn_the_letter_into_a_signature():
    """An affiliation paragraph is not a sign-off: the short paragraphs after it stay the letter's text."""
    pages = ["Andreas Pahle, stipendiat og lege, Avdeling for smertebehandling, Oslo Universitetssykehus og "
             "Universitetet i Oslo\n\nFunksjonelle lidelser er vanlige.\n\nDet ønsker vi å gjøre noe med, og vi ber "
             "utvalget se på et samlet behandlingstilbud for denne pasientgruppen i hele landet."]
    assert [k for k, _, _ in kinds_and_sections(pages)] == ["signature", "body"]


def test_analysed_kinds_are_declared_once():
    assert set(schema.ANALYSED_KINDS) <= set(schema.KINDS)
    assert list(schema.is_analysed(["body", "footnote", "table", "signature"])) == [True, False, False, False]


# --- footnote markers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("står ved et veiskille.2 Et sterkt", "står ved et veiskille. Et sterkt"),  # issue #10
        ("kan avlaste helsevesenet senere3. Det er dokumentert", "kan avlaste helsevesenet senere. Det er dokumentert"),
        ("anskaffa et verktøy for slike prosedyrer.13 Noen av helseforetakene",  # helsefellesskapet-i-bergensomradet-2026-3
         "anskaffa et verktøy for slike prosedyrer. Noen av helseforetakene"),
        ("på oppdrag fra Helse- og omsorgsdepartementet5. Evalueringen", "på oppdrag fra Helse- og omsorgsdepartementet. Evalueringen"),
        ("LIS1-stillinger, CO2-utslipp og kapittel 1.1 Innledning", "LIS1-stillinger, CO2-utslipp og kapittel 1.1 Innledning"),
        ("se kap.2 Oversikt og 20 m2 lokaler i år4", "se kap.2 Oversikt og 20 m2 lokaler i år4"),
        # found by auditing development-corpus documents not read before (issue-10s)
        ("i takt med teknologiinnføringen7. Det er stor vilje",  # sintef-2026
         "i takt med teknologiinnføringen. Det er stor vilje"),
        ("Både Sykehusutvalget9 og Forenkle og forbedre", "Både Sykehusutvalget og Forenkle og forbedre"),  # psykologf.
        ("tjenestene som tilbys pasientene der de bor1. Verdighetsenteret",  # verdighetsenteret-2026
         "tjenestene som tilbys pasientene der de bor. Verdighetsenteret"),
        ("innspill til Helsereformutvalget14 i tillegg vektlagt", "innspill til Helsereformutvalget i tillegg vektlagt"),
        ("(f.eks. Menn i helse,43 Inn i jobb,44 Flyktninger", "(f.eks. Menn i helse, Inn i jobb, Flyktninger"),  # ks-2026-2
        ("tjenestetilbudet til «Bjørg»7 beskrives det", "tjenestetilbudet til «Bjørg» beskrives det"),  # nasjonalforen.
        ("helse- og omsorgstjenestene.1. En sentral", "helse- og omsorgstjenestene. En sentral"),  # nsf-2026-2
        ("kilde for journaldokument som deles.21", "kilde for journaldokument som deles."),  # bergensomradet-2026-3
        # Words and names that carry a number of their own stay as written.
        ("Ifølge Inven2 viser de", "Ifølge Inven2 viser de"),  # kreftforeningen-2025
        ("komponenter som News2, pasientens måledata", "komponenter som News2, pasientens måledata"),  # ks-2026
        ("(Pedersen, Bergens Tidende;11. juni 2024)", "(Pedersen, Bergens Tidende;11. juni 2024)"),
        ("type2 diabetes og covid19 i fase3", "type2 diabetes og covid19 i fase3"),
        ("se kap.2. Oversikt", "se kap.2. Oversikt"),
    ],
)
def test_orphan_footnote_markers_come_off_words(text, expected):
    assert strip_orphan_markers(text) == expected


# --- PDF headings from the text layer --------------------------------------------------------------


def test_pdf_headings_from_font_size_and_weight():
    # The type of ks-2026 page 1-2 as pdfium reports it: body 11 pt, addressee 12 pt, a 14 pt bold title
    # wrapped over two lines with a gap, "Oppsummering" at 20 pt, and a bold heading at body size.
    body = "Vi viser til møte i KommIT-rådet med Gunnar Bovim den 23. januar 2026 og takker for invitasjonen"
    pages = [[
        Line("Helsereformutvalget", 12.0, 0.0),
        Line("Dato: 20.03.2026", 11.0, 0.0),
        Line(""),
        Line("Til helsereformutvalget - KS sitt innspill til koordinering, samordning og utvikling", 14.0, 1.0),
        Line(""),
        Line("av digitaliseringsarbeidet mellom kommuner og spesialisthelsetjenesten", 14.0, 1.0),
        Line(""),
        Line(body, 11.0, 0.0),
        Line("Oppsummering", 20.0, 0.0),
        Line(body, 11.0, 0.0),
        Line("Finansielle virkemidler er avgjørende for et felles løft", 11.0, 1.0),
        Line("Tilbake i 2023, på oppdrag for KS, har Oslo Economics sett på kostnadsveksten i kommunene.", 11.0, 0.0),
    ]]
    lines, headings = pdf_headings(pages)
    title = ("Til helsereformutvalget - KS sitt innspill til koordinering, samordning og utvikling "
             "av digitaliseringsarbeidet mellom kommuner og spesialisthelsetjenesten")
    assert headings == {title, "Oppsummering", "Finansielle virkemidler er avgjørende for et felles løft"}
    text = "\n".join(lines[0])
    # Each heading is a paragraph of its own: never glued to the text under it.
    assert "\n\nFinansielle virkemidler er avgjørende for et felles løft\n\nTilbake i 2023" in text
    assert "Helsereformutvalget\nDato: 20.03.2026" in text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpora/helsereform (not part of a user's clone)")
def test_real_pdf_sections_from_type():
    path = CORPUS / ("2026-03-Til-helsereformutvalget-KS-sitt-innspill-til-koordinering-samordning-og-utvikling-"
                     "av-digitaliseringsarbeidet.pdf")
    from pipeline.clean import clean_pages

    result = extract(Path(path))
    rows = sg.passage_records(clean_pages(result.pages, result.kind), "ks", result.headings)
    sections = {r["section_title"] for r in rows}
    assert {"Oppsummering", "Innledning", "Finansielle virkemidler er avgjørende for et felles løft"} <= sections
    assert not any(r["text"].startswith("Finansielle virkemidler er avgjørende") for r in rows)
    assert "Dato: 20.03.2026" not in sections and "Helsereformutvalget" not in sections


def test_pdf_table_of_contents_lines_become_a_toc_passage():
    # Dot-leader entries as NITO's report lists them; the first chapter follows on the next page.
    from pipeline.clean import clean_pages

    pages = ["Innhold\n\nBioingeniørene – bærebjelke og mangelvare ........ 2\nUtdanning og rekruttering ........ 4\n"
             "Sammendrag ________________________________________ 5",
             "Bioingeniørene – bærebjelke og mangelvare\n\nDet har blitt utdannet langt færre bioingeniører enn "
             "behovene tilsier, og mangelsituasjonen forverres stadig."]
    rows = kinds_and_sections(clean_pages(pages, "pdf"), frozenset({"Bioingeniørene – bærebjelke og mangelvare"}))
    assert rows[0] == ("toc", "", "Innhold\nBioingeniørene – bærebjelke og mangelvare ........ 2\n"
                       "Utdanning og rekruttering ........ 4\nSammendrag ________________________________________ 5")
    assert rows[1][:2] == ("body", "Bioingeniørene – bærebjelke og mangelvare")
