"""Every upload guard on real sample files and on bad files the tests make."""
from __future__ import annotations

import io
import random
import zipfile

import pypdfium2 as pdfium
import pytest

from pipeline import guards
from pipeline.guards import GuardError, Limits
from tests.conftest import SAMPLES

NITO_PDF = SAMPLES / "2025-11-20_nito_innspill-helsereformutvalget.pdf"
FFO_DOCX = SAMPLES / "2025-10-09_ffo_innspill-helsereformutvalget.docx"


def exe_bytes() -> bytes:
    return b"MZ" + random.Random(0).randbytes(4000)


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(NITO_PDF.read_bytes()))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def image_only_pdf() -> bytes:
    """First page of a real PDF rendered to a picture and saved as a PDF: no text layer."""
    document = pdfium.PdfDocument(NITO_PDF)
    image = document[0].render(scale=0.5).to_pil().convert("RGB")
    document.close()
    buf = io.BytesIO()
    image.save(buf, format="PDF")
    return buf.getvalue()


def zip_bomb_docx(member_mb: int = 20) -> bytes:
    """A real DOCX with one extra part of member_mb MB of zeros (compresses about 1000:1)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(FFO_DOCX.read_bytes())) as source, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        with out.open("word/media/bomb.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(member_mb):
                member.write(chunk)
    return buf.getvalue()


@pytest.mark.parametrize("sample", sorted(SAMPLES.iterdir()), ids=lambda p: p.name)
def test_real_samples_pass(sample):
    kind = guards.check_content(sample.read_bytes(), sample.name)
    assert kind == sample.suffix[1:]


def test_real_pdf_page_count():
    assert guards.check_pdf(NITO_PDF.read_bytes(), NITO_PDF.name) == len(pdfium.PdfDocument(NITO_PDF))


def test_size_limit_from_environment(monkeypatch):
    data = NITO_PDF.read_bytes()  # 156 KB
    monkeypatch.setenv(guards.MAX_UPLOAD_ENV, "0.1")
    limits = guards.limits_from_env()
    assert limits.max_bytes == int(0.1 * 1024 * 1024)
    with pytest.raises(GuardError, match=r"0\.2 MB, over the limit of 0\.1 MB \(HORINGSRADAR_MAX_UPLOAD_MB\)"):
        guards.check_content(data, "nito.pdf", limits)
    monkeypatch.setenv(guards.MAX_UPLOAD_ENV, "lots")
    with pytest.raises(GuardError, match="is not a number"):
        guards.limits_from_env()


def test_default_limit_is_50_mb(monkeypatch):
    monkeypatch.delenv(guards.MAX_UPLOAD_ENV, raising=False)
    assert guards.limits_from_env().max_bytes == 50 * 1024 * 1024


def test_empty_file_refused():
    with pytest.raises(GuardError, match="x.txt: the file is empty"):
        guards.check_content(b"", "x.txt")


@pytest.mark.parametrize("name", ["innspill.pdf", "innspill.docx", "innspill.txt"])
def test_renamed_exe_refused(name):
    with pytest.raises(GuardError, match=f"{name}: the name says .* but the content is a Windows program"):
        guards.check_content(exe_bytes(), name)


def test_unsupported_extension_refused():
    with pytest.raises(GuardError, match=r"only PDF, DOCX and TXT .* not \.exe"):
        guards.check_content(exe_bytes(), "setup.exe")


def test_pdf_named_docx_and_docx_named_pdf_refused():
    with pytest.raises(GuardError, match="name says DOCX but the content is a PDF"):
        guards.check_content(NITO_PDF.read_bytes(), "nito.docx")
    with pytest.raises(GuardError, match="name says PDF but the content is a zip archive"):
        guards.check_content(FFO_DOCX.read_bytes(), "ffo.pdf")


def test_truncated_pdf_refused():
    data = NITO_PDF.read_bytes()[:3000]
    with pytest.raises(GuardError, match="cut.pdf: the PDF is damaged or incomplete"):
        guards.check_content(data, "cut.pdf")


def test_encrypted_pdf_refused():
    with pytest.raises(GuardError, match="locked.pdf: the PDF is password-protected"):
        guards.check_content(encrypted_pdf(), "locked.pdf")


def test_image_only_pdf_passes_the_guards_but_has_no_text():
    """The guards only open it; refusing an image-only PDF is extraction's job (see test_corpus)."""
    data = image_only_pdf()
    assert guards.check_content(data, "scan.pdf") == "pdf"
    document = pdfium.PdfDocument(data)
    assert document[0].get_textpage().get_text_range().strip() == ""


def test_pdf_page_limit():
    with pytest.raises(GuardError, match=r"has \d+ pages, over the limit of 1"):
        guards.check_content(NITO_PDF.read_bytes(), "nito.pdf", Limits(max_pdf_pages=1))


def test_zip_bomb_docx_refused_by_ratio():
    bomb = zip_bomb_docx(20)
    assert len(bomb) < 1024 * 1024  # 20 MB of zeros fit in well under 1 MB
    with pytest.raises(GuardError, match=r"word/media/bomb.bin is compressed \d+:1.*possible zip bomb"):
        guards.check_content(bomb, "bomb.docx")


def test_docx_total_uncompressed_limit():
    with pytest.raises(GuardError, match=r"would unpack to 0\.\d MB, over the limit of 0\.0 MB \(possible zip bomb\)"):
        guards.check_content(FFO_DOCX.read_bytes(), "ffo.docx", Limits(max_docx_uncompressed=10_000))


def test_zip_without_word_document_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(GuardError, match="no word/document.xml, so it is not a Word document"):
        guards.check_content(buf.getvalue(), "regneark.docx")


def test_truncated_docx_refused():
    data = FFO_DOCX.read_bytes()
    with pytest.raises(GuardError, match="the DOCX is damaged or incomplete"):
        guards.check_content(data[: len(data) // 2], "ffo.docx")


def test_cp1252_text_with_norwegian_letters_accepted():
    text = "Høringssvar om praksisplasser på sykehus – Æ Ø Å".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        text.decode("utf-8")
    assert guards.check_content(text, "svar.txt") == "txt"
    assert guards.text_encoding(text, "svar.txt") == "cp1252"
    assert guards.text_encoding("Høring æøå".encode("utf-8"), "svar.txt") == "utf-8"


def test_text_with_nul_bytes_refused():
    with pytest.raises(GuardError, match="contains NUL bytes"):
        guards.check_content("Høring".encode("utf-16-le"), "svar.txt")  # UTF-16 without its BOM: not text we know


def test_text_that_is_neither_utf8_nor_cp1252_refused():
    with pytest.raises(GuardError, match="neither UTF-8 nor Windows-1252"):
        guards.check_content(b"tekst \x81\x8d\x90", "svar.txt")  # bytes cp1252 leaves undefined


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.txt", "tries to leave its folder"),
        ("..\\..\\boot.pdf", "tries to leave its folder"),
        ("/etc/passwd.txt", "absolute path"),
        ("C:\\Users\\x.pdf", "absolute path"),
        ("notater/innspill.pdf", "contains a folder"),
        (".bashrc.txt", "hidden file names"),
        ("", "no name"),
        ("innspill\x00.pdf", "control characters"),
    ],
)
def test_unsafe_names_refused(name, message):
    with pytest.raises(GuardError, match=message):
        guards.check_upload_name(name)


def test_names_are_nfc_normalised():
    decomposed = "ho\u0308ringssvar.pdf".replace("o\u0308", "o\u0308")  # "ö" as o + combining diaeresis
    assert guards.check_upload_name("  " + decomposed) == "h\u00f6ringssvar.pdf"
    assert guards.check_upload_name("A\u030angstrøm.txt") == "\u00c5ngstrøm.txt"


def test_slug_and_unique_name():
    assert guards.slug("Høringssvar fra NITO på NOU 2023:4 – Tid for handling") == "horingssvar-fra-nito-pa-nou-2023-4-tid-for-handling"
    assert guards.slug("Ærlig talt: økt bemanning", max_length=12) == "aerlig-talt"
    taken = {"2025_nito_innspill.pdf", "2025_nito_innspill-2.PDF"}
    assert guards.unique_name("2025_nito_innspill.pdf", taken) == "2025_nito_innspill-3.pdf"
    assert guards.unique_name("2025_tekna_innspill.pdf", taken) == "2025_tekna_innspill.pdf"


def test_duplicate_content_refused_by_hash():
    data = NITO_PDF.read_bytes()
    known = {guards.sha256_bytes(data): "2025_nito_innspill.pdf, doc_id nito-2025"}
    with pytest.raises(GuardError, match=r"copy.pdf: the same file is already in the corpus \(2025_nito_innspill.pdf, doc_id nito-2025\)"):
        guards.check_duplicate(guards.sha256_bytes(data), known, "copy.pdf")
    guards.check_duplicate(guards.sha256_bytes(data + b"\n"), known, "changed.pdf")  # one byte differs: not a duplicate
