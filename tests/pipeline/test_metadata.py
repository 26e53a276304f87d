"""Metadata from the document's text (pipeline/metadata.py): one test per rule on real excerpts from the
development corpus (../shared/corpora/helsereform, quoted line for line), and the guesses measured against the
hand-read manifest of that corpus with a floor."""
from __future__ import annotations

import csv
import random

import pytest

from pipeline import corpus, extract
from pipeline import metadata as md
from pipeline.organisations import is_acronym_of, same_organisation
from tests.conftest import development_corpus


def _value(guess):
    return guess.value if guess else None


# --- dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected", "rule"),
    [
        # Fagforbundet: a reference table with the date under "Dato:"
        ("Politikk- og samfunnsavdelingen\nHelsereformutvalget\nDeres ref.: Vår ref.: Dato:\n25/7027-1 HMS 16.10.2025\n"
         "Hans Martin Aase / 92419540\nInnspill til Helsereformutvalget", "2025-10-16", "dated_label"),
        # Psykologforeningen
        ("Psykologforeningens innspill om utfordringsbildet til Helsereformutvalget\nTil: Håkon K. Skard\n"
         "Dato: 04.11.2025", "2025-11-04", "dated_label"),
        # NITO: "20.11 2025" (no dot before the year)
        (" \n Oslo, 20.11 2025\nInnspill til Helsereformutvalget\nNITO – Norges ingeniør- og Teknologorganisasjon, er "
         "Norges største organisasjon for ingeniører og teknologer", "2025-11-20", "place_date"),
        # Brukerrop (read by OCR): a day and a month name without a dot
        ("Helsereformutvalget\nv/utvalgets nettside\nKristiansand 2 desember 2025\n\nInnspill fra Helsedirektoratets "
         "brukerråd innen psykisk helse og rus", "2025-12-02", "place_date"),
        # LMI: a bare date on the first line (the letter's typo for 2026 is kept: the text is what is read)
        ("15.01.2025\nInnspill til Helsereformutvalget – problembeskrivelse/utfordringsbildet", "2025-01-15", "place_date"),
        # NHO Geneo / Melanor: "26.03. 2026"
        ("Helsereformutvalget\n26.03. 2026\nInnspill til Helsereformutvalget fra NHO Geneo", "2026-03-26", "place_date"),
        # Jon Hovda: an e-mail header
        ("Fra: Jon Hovda <jon.hovda@hotmail.com> Sendt: fredag 10. april 2026 08:21 Til: Helsereformutvalget@hod.dep.no",
         "2026-04-10", "dated_label"),
        # Ideelt Nettverk: "30. mars, -26"
        ("Til Helsereformutvalget\nOslo, 30. mars, -26\nIdeell sektor i en fremtidsrettet organisering", "2026-03-30",
         "place_date"),
    ],
)
def test_stated_dates(page, expected, rule):
    guess = md.guess_date([page])
    assert (guess.value, guess.rule) == (expected, rule)


def test_a_cited_sources_date_and_a_joint_letters_places():
    # fresh text 2026-08-2026-07-03-Innspill-til-Helsereformutvalget-fra-Norsk-skadelegeforening: a report's date in
    # brackets at the head; the letter is dated by its two places at the end
    pages = ["Innspill til Helsereformutvalget fra Norsk skadelegeforening\n"
             "FHI skriver i rapporten «Skader og ulykker i Norge» (22/06/2026) følgende:\n"
             "Skader er en av de vanligste årsakene til kontakt med helsetjenesten.\nBergen / Oslo 3. juli 2026"]
    guess = md.guess_date(pages)
    assert (guess.value, guess.rule) == ("2026-07-03", "place_date")
    assert md.guess_date(pages[0].rsplit("\n", 1)[:1]) is None
    # a white paper is dated in its recommendation line (corpus: stm202320240009000ddddocx.docx)
    pages = ["(Korrigert utgave per 03.04.2024)\nHelse- og omsorgsdepartementet\nMeld. St. 9\n(2023–2024)\nMelding til Stortinget\nNasjonal helse- og samhandlingsplan 2024–2027\n"
             "Tilråding fra Helse- og omsorgsdepartementet 1. mars 2024, godkjent i statsråd samme dag. (Regjeringen Støre)"]
    assert (md.guess_date(pages).value, md.guess_date(pages).rule) == ("2024-03-01", "recommended_by")


def test_a_date_inside_a_sentence_is_not_the_letters_date():
    # Brukerrop's body: the meeting date is not when the letter was written
    page = ("Innledning\nHelsedirektoratets brukerråd innen psykisk helse og rus (Brukerrop) består av 23 organisasjoner "
            "innen psykisk helse og rus. Vi har i ekstraordinært møte den 26 november 2025 gjennomgått "
            "Helsereformutvalgets beskrivelse av utfordringsbildet.")
    assert md.guess_date([page]) is None


def test_month_and_year_give_the_year_but_no_date():
    # Abelia: "Oslo, mars 2026"
    pages = ["Innspill fra Abelia til Helsereformutvalget: Vi løser ikke morgendagen med gårsdagens løsninger\nOslo, mars 2026"]
    assert md.guess_date(pages) is None
    year = md.guess_year(pages, None)
    assert (year.value, year.rule) == ("2026", "month_line")


def test_publication_month_in_the_file_name_is_only_a_year_fallback():
    guesses = md.guess_metadata(["Innspill til Helsereformutvalget\nVi mener at pasientene må komme først."],
                                "2026-01-Innspill-til-Helsereformutvalget-fra-NHO.pdf")
    assert "date" not in guesses
    assert (guesses["year"].value, guesses["year"].rule) == ("2026", "file_name_prefix")
    assert (guesses["organisation"].value, guesses["organisation"].rule) == ("NHO", "file_name")


def test_the_text_beats_the_file_name():
    suggested, evidence = corpus.suggest_metadata(
        ["Notat\nTil: Helsereformutvalget\nFra: Den norske tannlegeforening\nDato: 17. desember 2025\n"
         "Innspill fra Den norske tannlegeforeningen - Helsereformutvalget"],
        "2026-01-NTFs-innspill-til-Helsereformutvalget.pdf",
    )
    assert (suggested["date"], suggested["year"], suggested["organisation"]) == ("2025-12-17", "2025", "Den norske tannlegeforening")
    assert suggested["date_basis"] == "Dato i dokumentet («Dato: 17. desember 2025»)"
    assert evidence["organisation"] == "avsender («Fra:»): «Fra: Den norske tannlegeforening»"


# --- organisation -------------------------------------------------------------------------------------


def test_from_line_and_acronym():
    # FFO's memo: the acronym follows the name later in the text
    pages = ["FFO-NOTAT\nTil: Helserefomutvalget v/ sekretariatsleder\nFra: Funksjonshemmedes fellesorganisasjon\n"
             "Dato: 9.10.2025\nHvorfor trenger vi en helsereform?\nTil orientering så er Funksjonshemmedes "
             "fellesorganisasjon (FFO) en paraplyorganisasjon for 90 pasient- og brukerorganisasjoner."]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Funksjonshemmedes fellesorganisasjon (FFO)", "from_line")


def test_from_line_naming_a_body_of_another():
    # 2026-01-Innspill-fra-Nasjonalt-fagorgan-for-audiologi-og-optometri.pdf
    pages = ["Til: Helsereformutvalget\nFra: UHR-HS sitt Nasjonale fagorgan for audiologi og optometri\nDato: 20.01.2026"]
    assert _value(md.guess_organisation(pages)) == "Nasjonale fagorgan for audiologi og optometri"


def test_title_naming_the_sender():
    nordland = ["Fra Den offentlige tannhelsetjenesten i Nordland til Helsereformutvalget\nVi har stor respekt for det "
                "komplekse saksbildet og mandat som utvalget har fått"]
    assert _value(md.guess_organisation(nordland)) == "Den offentlige tannhelsetjenesten i Nordland"
    tyrili = ["Til helsereformutvalget\nv/ Gunnar Bovim\nOslo 04.12.2025\nInnspill fra Tyrili til Helsereformutvalget"]
    assert _value(md.guess_organisation(tyrili)) == "Tyrili"
    tannpleier = ["16.03.26\nNorsk Tannpleierforenings innspill til Helsereformutvalget"]
    guess = md.guess_organisation(tannpleier)
    assert (guess.value, guess.rule) == ("Norsk Tannpleierforening", "possessive")


def test_sign_off_block_skips_the_person_and_role():
    # Melanor: "Vennlig hilsen / Melanor / Hella Yngsdal / Fagdirektør"
    pages = ["Helsereformutvalget Dato: 13.03.2026\nInnspill Helsereformutvalget",
             "er – og styre etter det som er logisk: å velge det som gir best effekt, totalt sett.\nVennlig hilsen\n"
             "Melanor\nHella Yngsdal\nFagdirektør\n5"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Melanor", "sign_off")
    # Hjernerådet: the person first, the organisation in the footer line of the signature
    pages = ["Innspill til Utvalg for en helhetlig og sammenhengende helsetjeneste", "Med vennlig hilsen\nHenrik Peersen\n"
             "Generalsekretær\nHjernerådet ◦ Storgata 33 ◦ 0184 Oslo ◦ Org.nr.: 992 198 648 ◦ www.hjerneradet.no"]
    assert _value(md.guess_organisation(pages)) == "Hjernerådet"


def test_approved_electronically_and_known_organisations():
    # Fagforbundet: the department signs, the organisation approves
    pages = ["Politikk- og samfunnsavdelingen\nHelsereformutvalget\nInnspill til Helsereformutvalget",
             "Med hilsen\nPolitikk- og samfunnsavdelingen\nTrond Jensrud Hans Martin Aase\navdelingsleder enhetsleder\n"
             "Dette brevet er godkjent elektronisk i Fagforbundet og har derfor ingen signatur.\nSide 4 av 4"]
    assert _value(md.guess_organisation(pages)) == "Fagforbundet"
    # a name read from the text takes the known spelling only when it is that organisation
    assert md._resolve("KS storbynettverk", ["KS", "Legeforeningen"]) == "KS storbynettverk"
    assert md._resolve("Den norske legeforening", ["Den norske legeforening"]) == "Den norske legeforening"


def test_self_introduction():
    # LMI: no letterhead, no signature
    pages = ["15.01.2025\nInnspill til Helsereformutvalget – problembeskrivelse/utfordringsbildet\nLegemiddelindustrien (LMI) "
             "takker for muligheten til å bidra til Helsereformutvalgets arbeid med å"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Legemiddelindustrien (LMI)", "self_intro")


def test_a_sender_thanking_for_the_chance_to_give_input_needs_no_capital_or_organisation_noun():
    # 2026-05-Ungfunk-modellvalg.docx (development corpus, Unge funksjonshemmede): a name in lower case after its first
    # word, found before only when the organisation was known from its other files
    pages = ["Vår referanse: Vår dato:\nSiri Espe, interessepolitisk leder 13.05..2026\nsiri@ungefunksjonshemmede.no\n"
             "Innspill til Helsereformutvalget: Valg av modell\nUnge funksjonshemmede takker for muligheten til å komme med "
             "innspill til valg av modell for fremtidens helsetjeneste. Vi har i tillegg sendt inn et separat innspill."]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Unge funksjonshemmede", "self_intro")
    # counterparts (development corpus): the thanks of "Vi" or of a sentence that opens otherwise name no sender; and
    # (planted) a lower-case subject without thanks is no name
    for line in ("Vi takker for muligheten til å gi innspill til Helsereformutvalget.",
                 "Vi viser til innspillsmøte i Health2B 25. februar 2026 og takker for en konstruktiv dialog med",
                 "ansvar for, og takker for anledningen til å komme med innspill.",
                 "Mange brukere ønsker med dette å peke på at tjenestene må henge sammen."):
        guess = md.guess_organisation([f"Innspill til Helsereformutvalget\n{line}"])
        assert guess is None or guess.rule != "self_intro", line


def test_private_person_from_the_file_name():
    assert md._name_in_file_name("2026-01-Privatperson-Veronica-Berg-radiologi-HelseNord") == "Veronica Berg"
    assert md._name_in_file_name("2026-01-Innspill-til-Helsereformutvalget-fra-NHO") == "NHO"


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("2026-01-Innspill-til-Helsereformutvalget-fra-NHO.pdf", "NHO"),
        ("2026-03-Til-Helsereformutvalget-fra-Hjernerystelsesforeningen.pdf", "Hjernerystelsesforeningen"),
        ("2026-02-Innspill-til-Helsereformutvalget-fra-Horselsforbundet-Oppdal-og-Rennebu_04.02.2026.pdf",
         "Horselsforbundet Oppdal og Rennebu"),
        ("2026-04-Innspill-fra-Roche-til-helsereformutvalget-14.04.26.pdf", "Roche"),
        ("2026-01-Privatpersons-Kommentar-til-Helsereformutvalget-Jon-Einar-Nielsen.docx", "Jon Einar Nielsen"),
        ("2026-03-Brev_Helsereformkommisjonen_2026-Knut-Borch.pdf", "Knut Borch"),
        ("2026-01-Parorendealliansen-Status-og-utfordringsbilder-parorende-Parorendealliansen-final.pdf",
         "Parorendealliansen"),
        ("2026-01-SAFO.pdf", "SAFO"),
        ("2026-01-Om-behovet-for-reformer-i-helsesektoren-%E2%80%93-FHI.pdf", "FHI"),
        # no sender in these names: the kind of document, the addressee, a title word
        ("2026-07-Skriftlig-innspill-til-Helsereformutvalget.pdf", ""),
        ("2026-06-Vedlegg-1-Om-kommune-mai-2026.pdf", ""),
        ("2026-04-Innspill-til-KS-angaende-Helsereformutvalget.docx", ""),
        ("2026-07-Helsereform-innspill.docx", ""),
        ("2026-04-Til-Helsereformutvalget-ved-leder-Gunnar-Bovim-Bergen-.docx", ""),  # the addressee
        ("2026-06-Troms-fylkeskommune-Innspill-til-Helsereformutvalget26_06946-5-Vedtak.pdf", "Troms fylkeskommune"),
        ("2026-05-Innspill-til-Helsereformutvalget.pdf", ""),
    ],
)
def test_sender_named_in_the_file_name(file_name, expected):
    assert md._name_in_file_name(file_name.rsplit(".", 1)[0]) == expected


def test_file_name_spelling_is_restored_from_the_text():
    # Hjernerådet's signature; the file name lost the å and carries a genitive s
    pages = ["Med vennlig hilsen\nHenrik Peersen\nGeneralsekretær\nHjernerådet ◦ Storgata 33 ◦ 0184 Oslo"]
    assert md._spelled_in_text("Hjerneradets", pages) == "Hjernerådet"
    pages = ["Innspill til Helsereformutvalget fra Hørselsforbundet Oppdal og Rennebu"]
    guess = md.organisation_from_file_name(
        "2026-02-Innspill-til-Helsereformutvalget-fra-Horselsforbundet-Oppdal-og-Rennebu_04.02.2026.pdf", pages)
    assert (guess.value, guess.rule) == ("Hørselsforbundet Oppdal og Rennebu", "file_name")
    assert "samme navn i teksten: «Hørselsforbundet Oppdal og Rennebu»" in guess.evidence()
    # a lone word the text writes only in its title is no sender ("Uttale – Fremtidssikring av yngreomsorgen")
    assert md.organisation_from_file_name("2026-05-Uttale-Fremtidssikring-av-yngreomsorgen.pdf",
                                          ["Uttale – Fremtidssikring av yngreomsorgen\nKommunene i Møre og Romsdal"]) is None


def test_file_name_beats_a_name_read_only_from_a_reference_list():
    # Pårørendealliansen's status paper: no letterhead or signature; the last reference names FHI
    pages = ["Pårørende i Norge i dag\n– Situasjons- og drøftingsdokument til Helsereformutvalget\n"
             "Pårørendealliansen har i dette dokumentet samlet kunnskap om pårørende.",
             "Torvik, F. A., & Rognmo, K. (2011). Barn av foreldre med psykiske lidelser eller\n"
             "rusproblemer: Omfang og konsekvenser. Folkehelseinstituttet."]
    name = "2026-01-Parorendealliansen-Status-og-utfordringsbilder-parorende-Parorendealliansen-final.pdf"
    guesses = md.guess_metadata(pages, name, ["Folkehelseinstituttet", "NITO"])
    assert guesses["organisation"].value == "Pårørendealliansen"
    assert guesses["organisation"].rule == "file_name"
    # when the text and the file name agree, the text's spelling stands and both are the evidence
    pages = ["Innspil l fra Norsk Kiropraktorforening\nHelsereformutvalget\nKontaktperson\nGeneralsekretær\n"
             "Øystein Ogre\nNorsk Kiropraktorforening\nLilleakerveien 31b"]
    guess = md.guess_metadata(pages, "2026-01-Innspill-fra-Norsk-Kiropraktorforening.pdf")["organisation"]
    assert (guess.value, guess.rule) == ("Norsk Kiropraktorforening", "title_from")
    assert guess.evidence().startswith("tittelen («… fra X»): «Innspil l fra Norsk Kiropraktorforening»; filnavnet: «2026-01-")


def test_file_name_beats_a_description_in_the_title():
    # SamSår: the title describes the sender in lower case; the file name names it, as the text writes it
    pages = ["Helsereformutvalget\nInnspill til Helsereformutvalget fra det regionale samhandlingsprosjektet "
             "“SamSår-spredning av digitale sårtjenester” i Helse Sør-Øst.\nBakgrunn\nSamSår-prosjektet er et "
             "samarbeid mellom alle helseforetakene, aktuelle kommuner"]
    guess = md.guess_metadata(pages, "2026-06-Helsereformutvalget-innspill-fra-SamSar-prosjektet.pdf",
                              ["Helse Sør-Øst"])["organisation"]
    assert (guess.value, guess.rule) == ("SamSår-prosjektet", "file_name")


def test_title_fragments_are_never_senders():
    # Joint input whose sign-off is a row of logos read as text (2026-03-Felles-innspill-…)
    tail = ["18 Barneombudet, ”Unge må ha lett tilgang til psykisk helsehjelp i kommunen“ . 15.09.2022.",
            "Med vennlig hilsen,\nU F k Unge Mtg d] Funksjonshemmedes u Likestillings” og budet\n"
            "ny un funksjonshemmede fellesorganisasjon ISkrimineringsombude\nNorsk Forbund for\n"
            "Ev Redd Barna nfu Utviklingshemmede (MORILCO\nUG v\nPsoriasis- og\neksemforbundet ung"]
    assert md.guess_organisation(tail) is None
    # a title's first word ("Helseforetak, regionsgrenser og opptaksområder") is no letterhead
    pages = ["Helseforetak, regionsgrenser og opptaksområder\nDagens inndeling i helseforetak følger i stor grad "
             "historiske grenser og ikke pasientenes reiseveier."]
    assert md.guess_organisation(pages) is None
    for fragment in ("Norsk Forbund for", "UG v", "Vedlegg", "Skriftlig"):
        assert not md._looks_like_org(fragment)


def test_the_name_that_states_the_views():
    # Norsam's input: no letterhead, no signature, the sender states its views by name
    pages = ["Norsam mener derfor at Helsereformutvalget må løfte blikket fra organisasjonskart og forvaltningsnivå,\n"
             "Norsam vil understreke at leger og øvrig helsepersonell har en særlig viktig rolle i dette arbeidet.\n"
             "Norsam anbefaler at:\n- primærhelsetjenesten styrkes", "Pasientene mener at ventetiden er for lang. "
             "Det er pasientene som merker det."]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Norsam", "stance")
    # Kommuneoverleger i Trøndelag: two forms of one name are counted together
    pages = ["Kommuneoverleger i Trøndelag mener at helsereformutvalget også må vurdere tiltak.\n"
             "Kommuneoverlegene i Trøndelag mener at fastlegeordningen er navet i helsetjenesten.\n"
             "Kort oppsummert anbefaler kommuneoverleger i Trøndelag følgende:"]
    assert md.guess_organisation(pages).value in ("Kommuneoverleger i Trøndelag", "Kommuneoverlegene i Trøndelag")
    # common nouns are never senders
    assert md.guess_organisation(["Pasientene mener at det er langt. Pasientene mener også at pasientene venter."]) is None


def test_a_person_signing_alone_is_the_sender():
    # 2026-07-Innspill-til-Helserefomutvalget.docx
    pages = ["Innspill til Helsereformutvalget.\nJeg skriver til dere med bakgrunn som kommuneoverlege i Holmestrand.",
             "Vi har over de siste få ti-årene fått et tilfang av en rekke tilbydere av helsetjenester.\nMvh\n"
             "Ole Johan Bakke"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Ole Johan Bakke", "sign_off_person")
    # a person who signs for an organisation: the organisation (Melanor, see above); on behalf of: the organisation
    pages = ["Men vi lykkes ikke alene.\nPå vegne av Helsefellesskapet Møre og Romsdal v. Partnerskapsmøtet\n"
             "Håkon Lykkebø Strand Gerd Marit Langøy\nOrdfører Ålesund Kommune Kommunedirektør Aukra kommune"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Helsefellesskapet Møre og Romsdal", "on_behalf")


def test_a_sentence_naming_who_wrote_the_input():
    # 2026-02-Innspill-Helsereformutvalget.pdf: no letterhead, no signature
    pages = ["Helsereformutvalget – innspill fra regionale brukerutvalg1\nNår nye tjenester skal utvikles er det et "
             "lovkrav med brukermedvirkning.", " Innspillet er utarbeidet av «Interregionalt brukerutvalg»: møtefora for "
             "ledere og nestledere i de\nregionale brukerutvalgene i landets regionale helseforetak"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Interregionalt brukerutvalg", "written_by")
    # a description of the writers that is no name gives nothing
    pages = ["Dette innspillet er skrevet av kommuneoverlegene i 10 av 11 kommuner i Namdalen."]
    assert md.guess_organisation(pages) is None


def test_the_organisation_named_most_often_is_a_last_resort():
    # Helsetilsynet's DOCX: no letterhead, signature or title naming it; it names itself throughout
    pages = ["Innspill Helsereformutvalget – fra tilsynssatsing eldre\nInnspill gitt 15.10.25, etter bestilling om "
             "overordnede punkter:\nHelsetilsynet har sammen med statsforvalterne igangsatt en fireårig tilsynssatsing.\n"
             "Som del av tilsynssatsingen har Helsetilsynet gjennomgått data og tilsynsfunn (2018-2023).\n"
             "Samlet sett har Helsetilsynet definert følgende risikoområder:\n- Legemiddelbehandling, spesielt i "
             "overgangen mellom sykehus og kommune"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Helsetilsynet", "most_named")
    # a common noun the text also writes in lower case is never a sender
    pages = ["Kommunene må få mer ansvar. Kommunene har ikke nok leger. Kommunene trenger hjelp, og kommunene vet det."]
    assert md.guess_organisation(pages) is None


def test_private_persons_are_named_as_the_manifest_names_them():
    # 2026-02-Innspill-helsereforutvalg.-05.02.26.docx: a GP writes for himself; his workplace follows his profession
    pages = ["Innspill til helsereformutvalget.\nBenytter meg derfor anledningen å sende mine innspill separat.\n"
             "Mvh\nIngar Strand\nKommuneoverlege og fastlege\nSteigen kommune"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Ingar Strand", "sign_off_person")
    # 2026-06-Til-Helsereformutvalget.pdf: name and profession on the greeting's line
    pages = ["Til Helsereformutvalget\nTrondheim 16.06.26", "Private aktører kan bidra som innovasjonspartnere.\n"
             "Mvh Anders Folven, Fastlege\nSørbyen Legesenter, Trondheim"]
    assert _value(md.guess_organisation(pages)) == "Anders Folven"
    # 2026-04-Horingssvar-helsereformutvalget-220426.docx: no greeting, a name and a profession close the text
    pages = ["Innspill til helsereformutvalget\nPasienten først.\nKommunale institutusjoner må kunne brukes fleksibelt.\n"
             "Helsepyramiden: Fra timeglass til helsepyramide – Generalisten i nettverk kan redde helse-Norge | Indremedisineren\n"
             "Lise Figenschou\nFastlege og tillitsvalgt"]
    assert _value(md.guess_organisation(pages)) == "Lise Figenschou"
    # 2026-04-Til-Helsereformutvalget-ved-leder-Gunnar-Bovim-Bergen-.docx: several persons sign; the first is named
    pages = ["Til Helsereformutvalget ved leder Gunnar Bovim Bergen, 22.04.2026\nVi er en gruppe psykiatere i "
             "spesialisthelsetjenesten.\nMed vennlig hilsen\nBrit Haver Line Iden Berge Anne Halmøy\n"
             "Spesialist i psykiatri Spesialist i psykiatri Spesialist i psykiatri\nProfessor emeritus UiB Professor UiB"]
    assert _value(md.guess_organisation(pages)) == "Brit Haver"
    # 2026-04-2026.04.07-Notat-til-Helsereformutvalget-om-psykiatri.pdf: the letter's signature stands before 17 pages
    # of attachments (here 45 lines of them)
    pages = ["Til Helsereformutvalget\nNotat om behovet for flere døgnplasser for alvorlig psykisk syke pasienter",
             "Vi stiller gjerne opp.\nMed vennlig hilsen\nRandi Rosenqvist Thorvald Steen Hans Erik Heier Are Saastad\n2",
             "\n".join(f"Vedleggets linje {i} om pasientene." for i in range(45))]
    assert _value(md.guess_organisation(pages)) == "Randi Rosenqvist"
    # 2026-06-brev-helseministerendelig.docx: "fra" alone, then the senders one a line
    pages = ["Åpent brev til helseminister Vestre\nTeatergata 9, Postboks 8011 Dep 0030 Oslo Telefon: 22 24 90 90\nfra\n"
             "Birgitte Boye, professor og seksjonsleder, Seksjon for psykosomatisk medisin, Oslo Universitetssykehus og "
             "Universitetet i Oslo\nLars-Petter Granan, avdelingsleder, Avdeling for smertebehandling, Oslo Universitetssykehus"]
    assert _value(md.guess_organisation(pages, ["Oslo universitetssykehus"])) == "Birgitte Boye"
    # 2026-03-2026-Innspill-Helsereformutvalget.pdf: two signers with offices sign for their organisation
    pages = ["Innspill til Helsereformutvalget", "I den forbindelse ønsker Unge funksjonshemmede å understreke at det er "
             "viktig.\nMed vennlig hilsen,\nIngvild Østli Nikolai Raabye Haugen\nGeneralsekretær Styreleder\n"
             "Unge funksjonshemmede | Mariboes gate 13, 0183 Oslo | post@ungefunksjonshemmede.no"]
    assert _value(md.guess_organisation(pages, ["Unge funksjonshemmede"])) == "Unge funksjonshemmede"  # known from its other inputs


def test_joint_inputs_name_the_first_organisation_listed():
    # 2026-01-Innspill-om-utfordringer-til-Helsereformutvalget.pdf
    pages = ["Til: Helsereform utvalget\nFra: Terapeutisk komite, et utvalg bestående av tre samarbeidende organisasjoner:\n"
             "Norges Optikerforbund, Universitetet i Sørøst-Norge, og Optikerbransjen\n18 desember 2025,"]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Norges Optikerforbund", "joint")
    # 2026-05-Helsereformutvalget-Ungdomshelse-felles-innspill.docx ("barne- og ungdomspsykiatrisk" is one name)
    pages = ["Innspill til Helsereformutvalget\nInnspillet bygger på et samarbeid mellom Unge funksjonshemmede, "
             "Barnesykepleierne NSF, Norsk barnelegeforening, Norsk barne- og ungdomspsykiatrisk forening, Helsesykepleierne "
             "NSF og Norsk forening for allmennmedisin. Partene har utarbeidet innspillet i fellesskap."]
    assert _value(md.guess_organisation(pages)) == "Unge funksjonshemmede"
    # 2026-04-Innspill-til-KS-angaende-Helsereformutvalget.docx: the shared noun distributes over the list
    pages = ["Innspill til Helsereformutvalget fra kommunene i Midt-Troms\nMålselv, Bardu, Salangen, Lavangen, Dyrøy, "
             "Sørreisa og Senja kommune takker for muligheten til å gi innspill til Helsereformutvalgets arbeid."]
    assert _value(md.guess_organisation(pages)) == "Målselv kommune"
    # 2026-02-Innspill-til-Helsereformutvalget-fra-de-medisinske-fakultetene.pdf: units of several universities
    pages = ["Det nasjonale dekanmøte i medisin\nVår dato: 02.02.2026\nInnspill til Helsereformutvalget fra de medisinske- "
             "og helsevitenskapelige fakultetene ved UiB, UiO, UiT og NTNU"]
    assert _value(md.guess_organisation(pages)) == "UiB"
    # 2026-05-Koordineringsordninger-i-spesialisthelsetjenesten.docx: the first author's organisation
    pages = ["Pasienters rett til koordinator i spesialisthelsetjenesten\nFaktaboks\nForfattere:\n"
             "Audhild Høyem, Leder RKE Helse Nord\nCathrine Nøttingnes, Seniorrådgiver Regionalt kompetansesenter for "
             "habilitering og rehabilitering i Helse Vest\nJon Ivar Sørland, Leder RKE Helse Sør-Øst"]
    guess = md.guess_organisation(pages, ["Helse Sør-Øst"])
    assert (guess.value, guess.rule) == ("RKE Helse Nord", "authors")
    # 2026-05-horing-helsereform.pdf: municipal offices sign for their municipality (the first one)
    pages = ["Innspill til Helsereformutvalget\nSom kommuneoverleger har vi følgende til utvalgets videre arbeid.",
             "22. mai 2026\nKommuneoverlegen i Skien Anne Gunhild Waagsbø Kjellsen\n"
             "Kommuneoverlegen i Porsgrunn Jan Arne Hunnestad\nKommuneoverlegen i Kragerø Brynhild Braut"]
    assert _value(md.guess_organisation(pages)) == "Skien kommune"


def test_a_unit_is_replaced_by_its_organisation():
    # 2026-04-260326-Helsereformutvalget-Innspill.pdf
    pages = ["Notat\nTil: Helsereformutvalget\nKopi: Adm.direktør OUS\nFra: Prehospital klinikk\nDato: 26.3.2026\n"
             "Innledning\nPrehospital klinikk ved Oslo universitetssykehus ønsker med dette innspillet å belyse hvordan"]
    assert _value(md.guess_organisation(pages)) == "Oslo universitetssykehus"
    # 2026-04-Innspill-fra-ressursgruppe-Value-Based-Healthcare-i-NHT.pdf: a "Fra X" line without a colon
    pages = ["Innspill til Helsereformutvalget\nFra Ressursgruppen for verdibaserte helsetjenester – Norway Health Tech.\n"
             "Aktører: Medtronic, Roche, Novartis, Norway Health Tech"]
    assert _value(md.guess_organisation(pages)) == "Norway Health Tech"
    # 2026-01-2025-NITOs-innspill-Helsereformutvalgets-referansegruppe.pdf: NITO's institute BFI signs
    pages = ["Oslo, 20.11 2025\nInnspill til Helsereformutvalget\nNITO – Norges ingeniør- og Teknologorganisasjon, er "
             "Norges største organisasjon for ingeniører og teknologer\nNITO har lenge etterspurt nasjonale planer.\n"
             "NITO ser fram til videre arbeid.\nMed vennlig hilsen\nKaja Marienborg Heidi Andersen\n"
             "Fagstyreleder, NITO BFI Instituttleder, NITO BFI"]
    assert _value(md.guess_organisation(pages)) == "NITO"


def test_statements_of_the_sender_in_the_text():
    # stm202320240009000ddddocx.docx: a white paper names its ministry formally (a ministry is otherwise an addressee)
    pages = ["(Korrigert utgave per 03.04.2024)\nHelse- og omsorgsdepartementet\nMeld. St. 9\n(2023–2024)\n"
             "Melding til Stortinget\nTilråding fra Helse- og omsorgsdepartementet 1. mars 2024, godkjent i statsråd samme dag."]
    guess = md.guess_organisation(pages, ["Helsedirektoratet"])
    assert (guess.value, guess.rule) == ("Helse- og omsorgsdepartementet", "recommended_by")
    # 2026-05-667211_1_1.pdf: the collegium introduces itself (a slash in its name); the letterhead is its parent's
    pages = ["KOMMUNESEKTORENS ORGANISASJON\nThe Norwegian Association of Local and Regional Authorities\n"
             "Dato: 12.05.2026\nHelsereformutvalget\nInnspill fra fylkeskommunene til Helsereformutvalget\n"
             "Fylkesordfører-/rådslederkollegiet takker for muligheten til å gi innspill til Helsereformutvalget."]
    assert _value(md.guess_organisation(pages, ["KS"])) == "Fylkesordfører-/rådslederkollegiet"
    # 2026-06-Innspill-til-HRU-fra-kommunenes-samhandlingsledere-i-nord.pdf: a name in lower case introducing itself
    pages = ["INNSPILL TIL HELSEREFORMUTVALGET FRA INTERKOMMUNALE SAMHANDLINGSLEDERE I NORD-NORGE\n"
             "Kommunenes samhandlingsledere i helsefellesskapene i Nord-Norge ønsker med dette å gi\n"
             "innspill til helsereformutvalget."]
    assert _value(md.guess_organisation(pages)) == "Kommunenes samhandlingsledere i helsefellesskapene i Nord-Norge"
    # 2026-04-Til-Helsereformutvalget.pdf: one stance of an organisation-shaped name, nothing else stated
    pages = ["Til Helsereformutvalget Oslo 19.04.2026\nFinansieringen av foretak og sykehus har vært drøftet lenge.",
             "Diakonhjemmet sykehus ber Helsereformutvalget om å ta dette innspillet i beregning.\nMed vennlig hilsen\n"
             "Kari-Jussie Lønning\nAdministrerende direktør\nDirektørens kontor\nTlf. +47 402 24 981"]
    assert _value(md.guess_organisation(pages)) == "Diakonhjemmet sykehus"
    # 2026-03-Modell-for-Aktiv-Rehabilitering-innspill-til-Helsereformutvalget-2026.docx: genitives count with the name
    pages = ["Modell for Aktiv Rehabilitering\nDen norske modellen er utviklet av Sunnaasstiftelsen gjennom femten år.\n"
             "Forskning viser at Sunnaasstiftelsens modell og metode gir gevinster.\nSunnaasstiftelsens mentorer.\n"
             "Våre tilbud til familiene."]
    assert _value(md.guess_organisation(pages)) == "Sunnaasstiftelsen"


def test_an_addressee_and_a_closing_block():
    # 2026-03-Innspill-rusbehandlingsutvalget-rusbehandling-U18-25-ar.pdf: the head names another committee it
    # writes to; the unsigned closing block names the sender
    pages = ["Trondheim 20.01.2026\nRusbehandlingsutvalget\nInnspill knyttet til rusbehandling for barn og unge.\n"
             "Vi ønsker å gi innspill til rusbehandlingsutvalget fordi dagens tilbud er utformet på voksne premisser.",
             "Dette vil anerkjenne at bedring ofte er ikke-lineær.\nUteseksjonen i Trondheim og SAMUR\n"
             "Byrådsområde sosiale tjenester\nTrondheim kommune."]
    guess = md.guess_organisation(pages)
    assert (guess.value, guess.rule) == ("Trondheim kommune", "closing_block")


def test_a_file_names_acronym_of_a_term_is_no_sender():
    # 2026-06-Versjon-050226-Notat-om-finansielle-barrierer-samhandlingsmodell-DHO.pdf
    pages = ["Prosjekt Samhandlingsmodell Digital Hjemmeoppfølging (SDHO)\nNotat om finansielle barrierer\n"
             "Helsefellesskapet i Bergensområdet\n05.02.2026", "Kommunene skal tilby digital\nhjemmeoppfølging (DHO) og "
             "inngå samarbeid med sykehusene. DHO gir gevinster."]
    guesses = md.guess_metadata(pages, "2026-06-Versjon-050226-Notat-om-finansielle-barrierer-samhandlingsmodell-DHO.pdf")
    assert guesses["organisation"].value == "Helsefellesskapet i Bergensområdet"


def test_a_collaboration_told_of_in_the_body_is_no_joint_input():
    # fresh text 2026-04-Norsk-Radiografforbund_innspill-Helsereformutvalget_sign (Markdown, one page): the body tells
    # of remote scanning "i samarbeid mellom" two hospitals; the sender introduces itself
    pages = ["Helsereformutvalget\nInnspill til Helsereformutvalget\nOslo 10.04.2026\n"
             "Vi takker for muligheten til å gi innspill til utvalget.\n"
             "Radiografer kan nå via digitale løsninger i noen grad fjernstyre MR- og CT- skannere, dette er en realitet i "
             "flere områder av landet, først kjent via samarbeidet mellom Ringerike sykehus og Sjukestugu på Ål i "
             "Hallingdal, men nå også i samarbeid mellom Universitetssykehuset i Nord Norge og Finnsnes samt ved "
             "Helgelandssykehuset.\nNorsk Radiografforbund mener at radiografer må brukes på tvers av nivåene."]
    guesses = md.guess_metadata(pages, "2026-04-Norsk-Radiografforbund_innspill-Helsereformutvalget_sign.txt")
    assert same_organisation(guesses["organisation"].value, "Norsk Radiografforbund")
    assert guesses["organisation"].rule != "joint"
    # a sentence about the input itself still declares the joint input (corpus: …-Ungdomshelse-felles-innspill.docx,
    # whole in test_joint_inputs_name_the_first_organisation_listed)
    assert md._joint_declared(md._JOINT.search("Innspillet bygger på et samarbeid mellom Unge funksjonshemmede, "
                                               "Barnesykepleierne NSF, Norsk barnelegeforening"))
    assert not md._joint_declared(md._JOINT.search("men nå også i samarbeid mellom Universitetssykehuset i Nord Norge "
                                                   "og Finnsnes samt ved Helgelandssykehuset."))


def test_a_file_names_topic_word_or_initials_are_no_sender():
    # fresh text 2026-06-Vedlegg-3-Psykisk-helsevern-mai-2026: "Psykisk" is a topic word the text writes in lower case
    pages = ["Vedlegg 3: Psykisk helsevern\nPsykologforeningen mener at psykisk helsevern må styrkes.\n"
             "Tilbudet innen psykisk helsevern er for lite. Psykologforeningen anbefaler flere stillinger."]
    guesses = md.guess_metadata(pages, "2026-06-Vedlegg-3-Psykisk-helsevern-mai-2026.txt")
    assert guesses["organisation"].value == "Psykologforeningen"
    assert md.organisation_from_file_name("2026-06-Vedlegg-3-Psykisk-helsevern-mai-2026.txt", pages) is None
    # 2026-01-1-Rettslige-…-AK-Befring: initials the text never writes; …-NSH-2026: a conference's abbreviation
    pages = ["Rettslige utfordringer i helseforetaksmodellen\n*Av professor Anne Kjersti Befring, juridisk fakultet, "
             "Universitet i Oslo.*\nDet vises til samtale 10. oktober 2025."]
    assert md.organisation_from_file_name(
        "2026-01-1-Rettslige-utfordringer-i-helseforetaksmodellen-Notat-til-HRU-121025-AK-Befring.txt", pages) is None
    pages = ["Utfordringer knyttet til organisering og finansiering av rehabiliteringstjenester i Norge og Norden\n"
             "Frank Becker\nSunnaas sykehus\nUniversitetet i Oslo"]
    assert md.organisation_from_file_name("2026-05-Becker-rehabilitering-i-Norden-NSH-2026.txt", pages) is None
    # an acronym the file name declares with "fra" stays a sender
    assert _value(md.organisation_from_file_name("2026-01-Innspill-til-Helsereformutvalget-fra-NHO.pdf", [])) == "NHO"
    # 2026-05-Norsk-helsenett: a capitalised word and the lower-case words after it, written together as a name
    pages = ["Notat til Helsereformutvalget: utfordringer og muligheter med digitalisering i helsesektoren\n"
             "Norsk helsenett viser til møte med Helsereformutvalget 26. november 2025.\n"
             "Norsk helsenett er et statsforetak eid av Helse- og omsorgsdepartementet.\n"
             "Norsk helsenett har i dag ca. 1 000 ansatte og har hovedkontor i Trondheim."]
    assert _value(md.organisation_from_file_name("2026-05-Norsk-helsenett.txt", pages)) == "Norsk helsenett"


def test_a_parents_acronym_in_a_known_name_does_not_make_the_parent_that_body():
    # fresh text 2026-01-Innspill-til-Helsereformutvalget-utfordringsbildet-sett-fra-KS-10.2025: KS's own input, with
    # "Fylkesordfører-/rådslederkollegiet (KS)" (a body of KS) among the known organisations
    known = ["Fylkesordfører-/rådslederkollegiet (KS)", "KS", "Legemiddelindustrien (LMI)", "Sanitetskvinnene (NKS)"]
    pages = ["Sekretariatet for Helsereformutvalget\nDato: 14.10.2025\n"
             "# **Innspill til Helsereformutvalget - utfordringsbildet sett fra KS**\n"
             "KS takker for invitasjonen fra sekretariatsleder Kjetil Telle til å gi innspill."]
    assert _value(md.guess_organisation(pages, known)) == "KS"
    assert md._known_in("sett fra KS", known[:1]) is None
    # an organisation's own acronym (or alias) in its bracket still names it
    assert md._known_in("Innspill fra LMI", known) == "Legemiddelindustrien (LMI)"
    assert md._known_in("Hilsen NKS", known) == "Sanitetskvinnene (NKS)"
    # and the addressee line above the title is not the title
    assert _value(md.guess_title(pages, known)) == "Innspill til Helsereformutvalget - utfordringsbildet sett fra KS"


def test_a_link_at_the_end_is_no_sender():
    # fresh text 2026-06-Innspill-til-Helsereformutvalget-3 (Markdown): a list of sources closes the text
    pages = ["Innspill til Helsereformutvalget\nBrukerrådene ved helse- og velferdssentrene ønsker bedre bemanning.\n"
             "Kilder:\n[Sykehjem og hjemmetjenesten i Norge – SSB -](#)\n"
             "[Flere leger i sykehjemmene \\(8/2012\\)legeforeningens](#)\n[utkast-bemanningsnorm-sykehjem-v4.pdf](#)"]
    guess = md.guess_organisation(pages, ["Legeforeningen"])
    assert guess is None or guess.value != "Legeforeningen"


def test_docx_page_header_names_the_sender():
    # FFO's DOCX footer row (extract.docx_running_lines)
    running = ["| FFO Mariboesgate 13 0183 Oslo | +47 23 90 51 50 post@ffo.no www.ffo.no | Bankgiro: 8380 08 64219 "
               "Org.nummer: 970 954 406 | 2 |"]
    guess = md.guess_organisation(["Innspill om rehabilitering\nVi mener at rehabilitering må styrkes i kommunene."],
                                  [], running)
    assert (guess.value, guess.rule) == ("FFO", "running_line")


# --- title ----------------------------------------------------------------------------------------------


def test_title_is_never_a_letterhead_addressee_date_toc_or_section():
    # Fagforbundet: department letterhead, addressee, reference table, then the title
    pages = ["Politikk- og samfunnsavdelingen\nHelsereformutvalget\nDeres ref.: Vår ref.: Dato:\n25/7027-1 HMS 16.10.2025\n"
             "Hans Martin Aase / 92419540\nInnspill til Helsereformutvalget\nVi takker for muligheten til å gi innspill."]
    assert _value(md.guess_title(pages)) == "Innspill til Helsereformutvalget"
    toc = ["Innhold\n1. Forord ........ 2\n2. Bakgrunn ........ 3\n\n1. Forord\nDette er et innspill."]
    assert md.guess_title(toc) is None
    person = ["Torbjørn Aamodt\n\nHei\n\nVi har lest mandatet og vil gjerne gi noen innspill til utvalget om hvordan "
              "tjenestene kan bli bedre for pasientene i kommunene våre, og hvordan det kan gjøres."]
    assert md.guess_title(person) is None


def test_a_heading_opening_with_an_article_can_be_the_title():
    # fresh text 2026-05-Vedlegg-1.-Det-regionale-nivaet-i-spesialisthjelsetjenesten (Legeforeningen's attachment)
    pages = ["# Det regionale nivået i spesialisthelsetjenesten\n\nHelseregionene har betydelige forskjeller i "
             "befolkningssammensetning, sykdomsbyrde, geografi, avstandsutfordringer og rekrutteringssituasjon.\n\n"
             "## Utdringer med dagens modell\n\nEtter Legeforeningens syn har det regionale nivået fått makt."]
    assert _value(md.guess_title(pages)) == "Det regionale nivået i spesialisthelsetjenesten"
    # a sentence opening with "Det" stays a sentence
    assert not md._title_candidate("Det regionale nivået er viktig for pasientene", [])
    assert not md._title_candidate("Det vises til samtale 10. oktober 2025", [])


def test_title_is_never_a_sender_line_a_list_of_senders_or_a_body_sentence():
    # Tekna: the letterhead's long form, then the title
    pages = ["Tekna –\nTeknisk-naturvitenskapelig forening\nPostboks 2312 Solli\n0201 Oslo\n\nwww.tekna.no\n"
             "Teknas første innspill til Helsereformutvalget\nVi takker."]
    assert _value(md.guess_title(pages)) == "Teknas første innspill til Helsereformutvalget"
    # SAFO: a row of member logos read as text; a title's closing full stop goes
    assert md.guess_title(["Utviklingshemmede (NFU), Norges"]) is None
    assert _value(md.guess_title(["Innspill til Helsereformutvalget.\nJeg skriver til dere med bakgrunn som "
                                  "kommuneoverlege i Holmestrand gjennom mer enn 30 år."])) == "Innspill til Helsereformutvalget"
    # Optikerforbundet's joint input: the senders listed on one line
    assert md.guess_title(["Norges Optikerforbund, Universitetet i Sørøst-Norge, og Optikerbransjen"]) is None
    # Brukerrop: the sender's address block (department line) before the title
    pages = ["Helsedirektoratets brukerråd innen psykisk helse og rus\nv/sekretariatet for Brukerrop\n\n"
             "Avdeling psykisk helse og rus\n\nHelsedirektoratet\n\nPostboks 220, Skøyen\n\n0213 Oslo\n\n"
             "Helsereformutvalget\nv/utvalgets nettside\nKristiansand 2 desember 2025\n\n"
             "Innspill fra Helsedirektoratets brukerråd innen psykisk helse og rus"]
    assert _value(md.guess_title(pages)) == "Innspill fra Helsedirektoratets brukerråd innen psykisk helse og rus"
    # Hjernerystelsesforeningen: no title line; the body's first sentences are not one
    pages = ["Til Helsereformutvalget,\nVi viser til utvalgets arbeid med å utrede fremtidig organisering, styring og "
             "finansiering av en\nsammenhengende og integrert helse- og omsorgstjeneste.\n"
             "Hjernerystelsesforeningen ønsker med dette å gi innspill basert på forskning og\n"
             "erfaringskompetanse fra vår organisasjon og våre medlemmer; personer som lever med\n\n"
             "Mange personer med PCS opplever utfordringer, manglende forståelse og å bli sett helhetlig i\n"
             "dialogen mellom helsevesen og velferdssystem.\n1. Økt kompetanse i helsetjenesten"]
    assert md.guess_title(pages) is None


def test_title_that_names_the_committee_or_ends_with_a_full_stop():
    # Psykologforeningen's short version: the committee in the title is not the addressee block
    pages = ["Psykologforeningen om helsereformutvalget - kortversjon\nDette er kortversjonen av Psykologforeningens "
             "omfattende innspill til Helsereformutvalget."]
    assert _value(md.guess_title(pages)) == "Psykologforeningen om helsereformutvalget - kortversjon"
    # SamSår: a title line that ends with a full stop
    pages = ["Helsereformutvalget\nInnspill til Helsereformutvalget fra det regionale samhandlingsprosjektet "
             "“SamSår-spredning av digitale sårtjenester” i Helse Sør-Øst.\nBakgrunn"]
    assert _value(md.guess_title(pages)).startswith("Innspill til Helsereformutvalget fra det regionale samhandlingsprosjektet")


def test_title_line_closing_with_a_date_and_running_headers():
    # FFO: the title line carries the date
    pages = ["| postmottak@hod.dep.no att: Kjetil Telle |  |\nFFOs innspill til helsereformutvalget 20. april 2026\n"
             "FFO takker for invitasjon til å komme med innspill til Helsereformutvalgt.\nUtfordringsbildet slik FFO ser det"]
    assert _value(md.guess_title(pages)) == "FFOs innspill til helsereformutvalget"
    # Legeforeningen's attachments: the header repeated on every page is not the title
    header = "Vedlegg 2. Legeforeningens innspill til Helsereformutvalget, april 2026"
    pages = [f"{header}\nOm fastlegeordningen\nFastlegeordningen er bærebjelken i helsetjenesten.",
             f"{header}\nListelengden må ned.", f"{header}\nRekrutteringen må styrkes."]
    assert _value(md.guess_title(pages)) == "Om fastlegeordningen"


def test_title_broken_over_lines_is_joined():
    # LHL
    pages = ["LHLs innspill om rehabilitering til\nHelsereformutvalget\n\nLHL er en medlemsorganisasjon"]
    assert _value(md.guess_title(pages)) == "LHLs innspill om rehabilitering til Helsereformutvalget"
    # Hjernerådet: the committee's name in parentheses on the next line
    pages = [" 20. januar 2026\n Saksbehandler: John Stigum\nInnspill til Utvalg for en helhetlig og sammenhengende "
             "helsetjeneste\n(Helsereformutvalget)\nVi viser til utvalgets mandat"]
    assert _value(md.guess_title(pages)) == ("Innspill til Utvalg for en helhetlig og sammenhengende helsetjeneste "
                                             "(Helsereformutvalget)")


def test_title_markup_and_labels_are_removed():
    assert _value(md.guess_title(["## **Innspill til Helsereformutvalget**\n\nTekst."])) == "Innspill til Helsereformutvalget"
    assert _value(md.guess_title(["<b>Hvorfor trenger vi en helsereform?</b>"])) == "Hvorfor trenger vi en helsereform?"
    # Kreftforeningen: "Sak:" label
    assert _value(md.guess_title(["Sak: Utfordringer i dagens helsetjeneste – innspill til Helsereformutvalget"])) == (
        "Utfordringer i dagens helsetjeneste – innspill til Helsereformutvalget")
    assert md.strip_markup("[Innspill](https://example.org) fra *NITO*") == "Innspill fra NITO"


def test_doc_type_from_the_title():
    cases = {
        "Høringssvar fra Optikerbransjen – Innspill til Helsereformutvalget": "hearing_input",
        "Høringssvar – NOU 2023:4 Tid for handling": "consultation_response",
        "Budsjettinnspill 2026 – helse": "budget_input",
        "Prinsipprogram 2024–2027": "position_programme",
    }
    for title, expected in cases.items():
        assert md.guess_doc_type(md.Guess(title, "first_title", title), [title], "x.pdf").value == expected


# --- part D's errors (2026-12-06): general defects read from the reserve after its one measurement -----------------
# The excerpts are from the fresh reserve texts (/work/fresh/docs/<stem>.md, read as TXT: one page), line for line.

#: 2026-02-Innspill-til-Helsereformutvalget-om-dagens-utfordringsbilde-fra-helseadministrasjonen-i-Drammen-kommune
DRAMMEN_NOTE_HEAD = (
    "The logo of Drammen Kommune, featuring a blue shield with a white cross and a white anchor.\n\n"
    "Drammen Kommune logo\n\nDRAMMEN  \nKOMMUNE\n\n"
    "# Innspill til Helsereformutvalget om dagens utfordringsbilde fra helseadministrasjonen i Drammen kommune\n\n"
    "Et godt sted å leve\n\n## Innhold\n")
#: 2026-03-TEK_Norge_Scenario-final: the cover, and the foreword's signature
TEK_HEAD = (
    "The logo for TEK NORGES, featuring the word \"TEK\" in a large, bold, black sans-serif font, followed by "
    "\"NORGES\" in a smaller, black sans-serif font, and a stylized blue graphic element to the right.\n\n"
    "TEK NORGES logo\n\n**Digital utvikling i helse og omsorg**  \n*Scenarioer for gjennomføring, samspill og skalering*\n\n"
    "# Teknologien er klar. Er vi det?\n\n"
    "Innspill til Helsereformutvalget om teknologiens rolle i fremtidens helsetjenester\n\nFebruar/mars 2026\n\n"
    "## 1. Forord\n\nDenne scenariorapporten er laget som et innspill til Helsereformutvalget, til Helse- og "
    "omsorgsdepartementet og til alle som arbeider med, og for, teknologi i norsk helsesektor.\n\n"
    "Vi setter stor pris på samarbeidet med Helsedirektoratet i arbeidet med og tilrettelegge og å hente innsikt til "
    "rapporten.\n\nFredrik Syversen (leder helse)  \npå vegne av TEK Norge\n\n## 2. Om denne rapporten\n\n"
    "TEK Norge er bransjeforeningen for teknologi- og konsulentbedrifter som leverer løsninger til norsk helsesektor.\n\n"
    "Thor Steffensen, Helsedirektoratet\n\nHelsedirektoratet har bidratt.\n\nTEK Norge, mars 2026")


def test_a_logo_line_names_the_sender_and_is_never_a_title():
    guesses = md.guess_metadata([DRAMMEN_NOTE_HEAD], "x.txt")
    assert (guesses["organisation"].value, guesses["organisation"].rule) == ("Drammen Kommune", "logo")
    assert same_organisation(guesses["organisation"].value, "Drammen kommune")
    assert guesses["title"].value.startswith("Innspill til Helsereformutvalget om dagens utfordringsbilde")
    # "TEK NORGES logo": the genitive of the name the text writes as "TEK Norge"
    assert md._logo_name("TEK NORGES logo", [TEK_HEAD]) == "TEK Norge"
    assert md.guess_title([TEK_HEAD]).value == "Digital utvikling i helse og omsorg"
    # planted: descriptions of a picture that mention a logo name no one; a logo line alone is never a title
    for line in ("Icon showing the NAV logo.", "Stylized circular logo consisting of three interlocking circles.",
                 "Decorative graphic element consisting of three overlapping blue circles."):
        assert md._logo_name(line, [line]) == ""
    assert not md._title_candidate("Norsk Sykepleierforbund logo", [])
    assert md._logo_name("Logo: Tekna", ["Tekna mener"]) == "Tekna"


def test_a_foreword_signed_on_behalf_of_the_sender_beats_a_body_the_text_discusses():
    # before: "Helsedirektoratet" (named most often among organisation-shaped words: a contributor and a partner)
    guess = md.guess_organisation([TEK_HEAD])
    assert guess.value == "TEK Norge" and guess.rule in ("on_behalf", "logo")
    # planted: a "på vegne av" line inside the head of a letter with no other sender
    guess = md.guess_organisation(["Innspill til Helsereformutvalget\nKari Nordmann\npå vegne av Norsk Revmatikerforbund\n"
                                   "Vi viser til møtet."])
    assert (guess.value, guess.rule) == ("Norsk Revmatikerforbund", "on_behalf")


def test_a_report_that_says_so_is_other():
    title = md.guess_title([TEK_HEAD])
    guess = md.guess_doc_type(title, [TEK_HEAD], "2026-03-TEK_Norge_Scenario-final.txt")
    assert (guess.value, guess.rule) == ("other", "report_words")
    # development corpus 2026-03-Brev_Helsereformkommisjonen_2026-Knut-Borch.pdf: another report, cited
    page = ("Arianson-utvalgets rapport “Med åpne kort” fra 2015 påpekte at Norge manglet tall for kostnaden av\n"
            "Til tross for denne rapporten har jeg ikke klart å finne et norske sykehus som kvantifiserer de\n"
            "Innspill til Helsereformutvalget")
    assert md.guess_doc_type(None, [page], "x.pdf").value == "hearing_input"
    # a title's own words come first: an input that calls itself a report inside stays an input
    text = "Innspill til Helsereformutvalget\n\nDenne rapporten er skrevet av oss."
    assert md.guess_doc_type(md.Guess("Innspill til Helsereformutvalget", "first_title", ""), [text], "x.pdf").value \
        == "hearing_input"


def test_a_bare_common_noun_is_never_an_organisation():
    # 2026-06-Til-Helsereformutvalget-07.06.2026 (a slide deck quoting a municipal committee's decision): before, the
    # only stance in the text ("Utvalget ber …") made "Utvalget" the sender
    page = ("1. Hovedutvalget for arbeid, aktivitet og inkludering ber kommunedirektøren om å starte opp et mer intensivt "
            "arbeid for å få flere i arbeid så snart som mulig.\n\n"
            "2. Utvalget ber om en sak i junimøtet hvor det skisseres tydelige tiltak og hvordan dette arbeides rigges og "
            "iverksettes\n")
    assert md._stance_subject([page], [], once=True) is None
    for noun in ("Utvalget", "Styret", "Sekretariatet", "Departementet", "Kommunen", "Rådet", "Foreningen"):
        assert md._common_noun(noun) and not md._looks_like_org(noun), noun
    # planted: names built on the same nouns are names
    for name in ("Legeforeningen", "Helsedirektoratet", "Hjernerådet", "Rusbehandlingsutvalget", "Diakonhjemmet sykehus"):
        assert not md._common_noun(name) and md._looks_like_org(name), name
    assert md._stance_subject(["Diakonhjemmet sykehus ber om at …"], [], once=True).value == "Diakonhjemmet sykehus"


def test_a_unit_and_its_organisation_under_a_decks_title():
    # 2026-06-Til-Helsereformutvalget-07.06.2026: the title slide
    page = ("An aerial photograph of Drammen, Norway, showing the Glomma river flowing through the city. The Drammen "
            "kommune logo is visible in the top right corner.\n\n"
            "Aerial view of Drammen, Norway, showing the Glomma river, bridges, and surrounding urban landscape.\n\n"
            "# Til Helsereformutvalget\n\nHelse og velferd, Drammen kommune  \n07.06.2026\n\n## Utviklingen framover\n")
    guesses = md.guess_metadata([page], "2026-06-Til-Helsereformutvalget-07.06.2026.txt")
    assert (guesses["organisation"].value, guesses["organisation"].rule) == ("Drammen kommune", "letterhead")
    # the deck's top-level heading is its title, though it addresses the committee (a plain line does not)
    assert guesses["title"].value == "Til Helsereformutvalget"
    assert _value(md.guess_title(["Til Helsereformutvalget\n\nHelse og velferd, Drammen kommune\n\n## Utviklingen framover"])) \
        == "Utviklingen framover"
    # planted: a title's words before a comma and a place with a date are no unit and organisation
    assert md.guess_organisation(["Helseforetak, regionsgrenser og opptaksområder\nTekst."]) is None
    assert md.guess_organisation(["Seksjon for samhandling, Helse Bergen HF\nVi viser til møtet."]).value == "Helse Bergen HF"


#: 2026-05-Horingsinnspill-til-Helsereformutvalget-fra-kommuneoverleger-i-Buskerud-og-Akershus: head and signature
OVERLEGER = (
    "# INNSPILL TIL HELSEREFORMUTVALGET\n\nVi er en gruppe kommuneoverleger i Buskerud og Akershus fylke, som med dette "
    "ønsker å gi innspill til Helsereformutvalget.\n\n"
    "Vi ber Helsereformutvalget anbefale:\n\n- at det opprettes en statlig ordning med sikkerhetshjem for denne gruppen\n\n"
    "Med vennlig hilsen\n\nKjell D. Sørli\n\nAnne Grete Westly\n\nMeera Grepp\n\nBeate Smetbak\n\nAnne Aune\n\n"
    "Christian Skari\n\nMarthe Bergli\n\nIngrid Taxt Horne\n\nKarin Møller\n\nAne W. Kvamme\n\nKontaktperson:\n\n"
    "Ane W. Kvamme; [awk@kongsberg.kommune.no](mailto:awk@kongsberg.kommune.no)\n\n"
    "Kopi sendt til Legeforeningen ved Ingrid Bjerring og KS ved Madli Indseth.")


def test_a_group_that_declares_itself_is_the_sender_not_its_first_signer():
    guess = md.guess_organisation([OVERLEGER])
    assert (guess.value, guess.rule) == ("Kommuneoverleger i Buskerud og Akershus", "group")  # before: "Kjell D. Sørli"
    assert same_organisation(guess.value, "En gruppe kommuneoverleger i Buskerud og Akershus")
    # 2026-01-Framtidens-horselsomsorg-Audioplus-Norge-AS-Jorid-Lokken: a group without a place that signs as the group
    page = ("# Til alle som ønsker en bedre hørselsomsorg i Norge\n\n- Lokale hørselslag i Hørselsforbundet\n"
            "- Hørselsforbundet sentralt\n- Kommuner v/Helse og omsorgsdirektør\n- Helsereformutvalget\n\nHei\n\n"
            "## Innledning\n\nVi viser til de mange gjennomførte og pågående offentlige utredninger om framtidens "
            "hørselsomsorg i Norge. Vi er en gruppe frittstående audiografer som har etablert egne klinikker på ulike "
            "steder i landet.\n\n**Med vennlig hilsen**\n\n**Frittstående audiografer**")
    guess = md.guess_organisation([page])
    assert (guess.value, guess.rule) == ("Frittstående audiografer", "group")  # before: "Lokale hørselslag i Hørselsforbundet"
    # "fra <group> i <place>" in a title names the group
    guess = md.guess_organisation(["Innspill fra kommuneoverleger i Trøndelag\nVi viser til møtet."])
    assert (guess.value, guess.rule) == ("Kommuneoverleger i Trøndelag", "group")
    # development corpus 2026-04-Til-Helsereformutvalget-ved-leder-Gunnar-Bovim-Bergen-.docx: a group only described,
    # its members signing by name, is labelled with its first signer (the manifest's "Brit Haver")
    page = ("Til Helsereformutvalget ved leder Gunnar Bovim Bergen, 22.04.2026\n\n"
            "Vi er en gruppe psykiatere i spesialisthelsetjenesten som erfarer at helsetjenestene til personer med "
            "alvorlige psykiske lidelser svekker muligheten for forsvarlig behandling.\n\nMed vennlig hilsen\n\n"
            "Brit Haver Line Iden Berge Anne Halmøy\n\nSpesialist i psykiatri Spesialist i psykiatri Spesialist i psykiatri")
    assert md.guess_organisation([page]).value == "Brit Haver"
    # planted: municipalities are organisations, not a group of people ("fra kommunene i Midt-Troms": a joint input)
    assert md._GROUP_DECLARED.search("Vi er en gruppe kommuner i Midt-Troms som samarbeider.") is None
    guess = md.guess_organisation(["Innspill til Helsereformutvalget fra kommunene i Midt-Troms\nTekst."])
    assert guess is None or guess.rule != "group"


def test_a_list_item_is_no_letterhead_and_a_signature_no_title():
    page = ("# Til alle som ønsker en bedre hørselsomsorg i Norge\n\n- Lokale hørselslag i Hørselsforbundet\n"
            "- Hørselsforbundet sentralt\n- Helsereformutvalget\n\nHei\n\nEtter forespørsel fra hørselslagene i Oppdal, "
            "Rennebu og Heim, har jeg utarbeidet et forslag.\n\nStøren, 15.01.2025\n\nMed vennlig hilsen\n\n"
            "Jorid Løkken\n\nAutorisert audiograf\n\n1\n\n## Innspill til pågående offentlig utredning om norsk hørselsomsorg")
    guess = md.guess_organisation([page])
    assert guess is None or guess.value != "Lokale hørselslag i Hørselsforbundet"
    assert md.guess_title([page]).value == "Til alle som ønsker en bedre hørselsomsorg i Norge"
    # without the top-level heading, the name and role under the greeting are skipped: the next heading is the title
    assert md.guess_title([page.split("\n", 1)[1]]).value == "Innspill til pågående offentlig utredning om norsk hørselsomsorg"
    # planted: a letterhead that is not a list item is still read
    assert md.guess_organisation(["Lokale hørselslag i Hørselsforbundet\nVi viser til møtet."]).rule == "letterhead"


# --- measured against the hand-read manifest --------------------------------------------------------------

#: Held out of tuning: a fixed random 30 % of the organisations. 20261204 (issues 10b/10c) was read twice,
#: so issue 10m drew this new seed on 2026-12-05 before changing any rule and did not read its mismatches
#: while tuning. (The previous report's list of all 157 files' misses was read, so this is a fresh draw,
#: not a never-seen set.)
HOLDOUT_SEED = 20261205


def holdout(organisations: list[str]) -> set[str]:
    """The held-out organisations: 30 % of the sorted names, drawn with HOLDOUT_SEED."""
    names = sorted(set(organisations))
    return set(random.Random(HOLDOUT_SEED).sample(names, round(0.3 * len(names))))


def test_same_organisation_definition():
    assert same_organisation("Funksjonshemmedes fellesorganisasjon (FFO)", "FFO")
    assert same_organisation("Den norske tannlegeforening", "Tannlegeforeningen")
    assert same_organisation("Norwegian Vision in Stroke (NorVIS) network", "NorVIS (Norwegian Vision in Stroke)")
    assert not same_organisation("KS", "KS storbynettverk")
    assert not same_organisation("Folkehelseinstituttet", "Pårørendealliansen")
    # forms the development corpus's guesses wrote (issue 10b's mismatches): case, letters lost in a
    # file name, a doubled letter, acronym against long form (data/organisation_aliases.toml)
    assert same_organisation("KOMMUNESEKTORENS ORGANISASJON", "KS")
    assert same_organisation("Kommunedirektorforum", "Norsk Kommunedirektørforum")
    assert same_organisation("Ideellt Nettverk", "Ideelt Nettverk")
    assert same_organisation("FHI", "Folkehelseinstituttet")
    assert same_organisation("Ungfunk", "Unge funksjonshemmede")
    # a bracket counts only when it is the name's acronym: here it names the parent, so the part is not KS
    assert not same_organisation("KS", "Fylkesordfører-/rådslederkollegiet (KS)")
    assert not same_organisation("KOMMUNESEKTORENS ORGANISASJON", "Fylkesordfører-/rådslederkollegiet (KS)")
    assert same_organisation("Samarbeidsrådet for Nedre Romerike", "Samarbeidsrådet for Nedre Romerike (SNR)")
    assert same_organisation("SNR", "Samarbeidsrådet for Nedre Romerike (SNR)")
    assert is_acronym_of("FFO", "Funksjonshemmedes fellesorganisasjon") and is_acronym_of("LMI", "Legemiddelindustrien")
    assert not is_acronym_of("KS", "Fylkesordfører-/rådslederkollegiet") and not is_acronym_of("Brukerrop", "Helse")
    # an adjective's ending (UHR-HS's memo writes "Nasjonale fagorgan", the manifest "Nasjonalt fagorgan")
    assert same_organisation("Nasjonale fagorgan for audiologi og optometri", "Nasjonalt fagorgan for audiologi og optometri")
    # parts are not the organisation
    assert not same_organisation("Prehospital klinikk", "Oslo universitetssykehus")
    assert not same_organisation("Sanitetskvinnene (NKS)", "NKS Kløveråsen")
    assert not same_organisation("Unge", "Unge funksjonshemmede")


def test_a_name_of_a_known_organisation_takes_its_known_spelling():
    # 2026-03-Til-helsereformutvalget-KS-sitt-innspill-…pdf: the letterhead shouts the long form
    assert md.usual_name("KOMMUNESEKTORENS ORGANISASJON", ["KS", "NITO"]) == "KS"
    assert md.usual_name("Kommunedirektorforum", ["Norsk Kommunedirektørforum"]) == "Norsk Kommunedirektørforum"
    assert md.usual_name("KS storbynettverk", ["KS"]) == "KS storbynettverk"
    assert md.usual_name("KOMMUNESEKTORENS ORGANISASJON", ["Fylkesordfører-/rådslederkollegiet (KS)"]) \
        == "KOMMUNESEKTORENS ORGANISASJON"  # a part of KS, named with its parent in brackets
    assert md.usual_name("Funksjonshemmedes fellesorganisasjon (FFO)", ["FFO"]) == "FFO"
    assert md.usual_name("Den norske tannlegeforening", []) == "Den norske tannlegeforening"  # no rewrite to the table


def measure(corpus_dir, rows: list[dict]) -> dict[str, dict[str, tuple[int, int]]]:
    """Right/total per field for the tuning and held-out organisations. Known organisations are those of the
    other documents (leave one out); for held-out documents only the tuning organisations are known."""
    held = holdout([r["organisation"] for r in rows])
    tuning_orgs = sorted({r["organisation"] for r in rows if r["organisation"] not in held})
    counts: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        group = "held_out" if row["organisation"] in held else "tuning"
        if group == "held_out":
            known = tuning_orgs
        else:
            known = sorted({r["organisation"] for r in rows if r["organisation"] not in held and r["file"] != row["file"]})
        extracted = extract.extract(corpus_dir / "raw" / row["file"])
        suggested, _ = corpus.suggest_metadata(extracted.pages, row["file"], known, extracted.running_lines)
        # as for a sender the tool has never seen: none of the organisation's files known, only the text to go on
        unknown, _ = corpus.suggest_metadata(extracted.pages, row["file"], [o for o in known if o != row["organisation"]],
                                             extracted.running_lines)
        results = {
            "organisation": same_organisation(suggested.get("organisation", ""), row["organisation"]),
            "organisation_unknown": same_organisation(unknown.get("organisation", ""), row["organisation"]),
            "year": suggested.get("year") == row["year"],
            "doc_type": (suggested.get("doc_type") or "other") == row["doc_type"],
        }
        if row["date"]:
            results["stated_date"] = suggested.get("date") == row["date"]
        else:
            results["no_date_invented"] = not suggested.get("date")
        for field, right in results.items():
            for key in (group, "all"):
                tally = counts.setdefault(key, {}).setdefault(field, [0, 0])
                tally[0] += right
                tally[1] += 1
    return {g: {f: (k, n) for f, (k, n) in fields.items()} for g, fields in counts.items()}


@pytest.mark.slow
def test_guesses_against_the_hand_read_manifest():
    """Floors at the figures measured on 2026-12-05 (all 157 files, all of them read while tuning, so these are
    tuning figures; see the issue reports 10b, 10c, 10m and issue-10-meta): organisation 153/157 = 0.97 (judged by
    pipeline.organisations.same_organisation; was 129/157 before the rules for private persons, joint inputs,
    units and their organisations), 148/157 = 0.943 when none of the organisation's files is known (2026-12-07: a
    new sender; 146/157 before a sender thanking for the chance to give input was read in lower case; two files of Unge
    funksjonshemmede, Brukerrop, Helse Bergen and Kommunedirektørforum are found only by the known name), year 153/157 = 0.97, stated date 92/96 = 0.96 (91/96 before a white paper's
    "Tilråding fra X <date>" line was read, issue-10-meta2), no invented date 61/61, doc type 135/157 = 0.86. Titles
    are judged by reading (report). The clean figure is the first run of bench/metadata_fresh.py (data/eval/README.md);
    that fresh set is spent since."""
    corpus_dir = development_corpus()
    with (corpus_dir / "raw" / "documents.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    figures = measure(corpus_dir, rows)
    share = {f: k / n for f, (k, n) in figures["all"].items()}
    print({g: {f: f"{k}/{n}" for f, (k, n) in fields.items()} for g, fields in figures.items()})
    assert share["organisation"] >= 0.97
    assert share["organisation_unknown"] >= 148 / 157
    assert share["year"] >= 0.97
    assert share["stated_date"] >= 0.95
    assert share["no_date_invented"] >= 1.0
    assert share["doc_type"] >= 0.85
