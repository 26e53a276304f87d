"""Checks an uploaded submission must pass before any parser sees it.

Pure functions over bytes, names and hashes; each refusal is a GuardError whose text is one
sentence naming the file and the problem. They run before extraction, so a renamed program,
a zip bomb or a 100,000-page PDF is refused without being parsed.
"""
from __future__ import annotations

import codecs

import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx")
MAX_UPLOAD_ENV = "HORINGSRADAR_MAX_UPLOAD_MB"
PARSE_TIMEOUT_ENV = "HORINGSRADAR_PARSE_TIMEOUT_S"
DEFAULT_MAX_UPLOAD_MB = 50.0
DEFAULT_PARSE_TIMEOUT_S = 60.0

#: Magic numbers of things people rename by mistake (or on purpose), for a clearer refusal.
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (DOCX, XLSX, …)"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


class GuardError(ValueError):
    """An upload is refused; str() is one sentence naming the file and the reason."""


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one upload."""

    max_bytes: int = int(DEFAULT_MAX_UPLOAD_MB * 1024 * 1024)
    max_pdf_pages: int = 2000
    #: DOCX: total uncompressed size of all zip members.
    max_docx_uncompressed: int = 256 * 1024 * 1024
    #: DOCX: compression ratio above which a member larger than ratio_floor is a bomb.
    max_docx_ratio: float = 100.0
    ratio_floor: int = 1024 * 1024
    max_docx_members: int = 10_000
    parse_timeout_s: float = DEFAULT_PARSE_TIMEOUT_S


def limits_from_env(env: Mapping[str, str] = os.environ) -> Limits:
    """Limits with HORINGSRADAR_MAX_UPLOAD_MB and HORINGSRADAR_PARSE_TIMEOUT_S applied."""
    mb = _positive_float(env, MAX_UPLOAD_ENV, DEFAULT_MAX_UPLOAD_MB)
    timeout = _positive_float(env, PARSE_TIMEOUT_ENV, DEFAULT_PARSE_TIMEOUT_S)
    return Limits(max_bytes=int(mb * 1024 * 1024), parse_timeout_s=timeout)


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise GuardError(f"{name}={raw!r} is not a number.") from None
    if value <= 0:
        raise GuardError(f"{name}={raw!r} must be greater than zero.")
    return value


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of data (same as sha256_file of the stored file)."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks (the content identity of every document)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_size(data: bytes, name: str, limits: Limits = Limits()) -> None:
    """Refuse empty files and files over the size limit."""
    if not data:
        raise GuardError(f"{name}: the file is empty.")
    if len(data) > limits.max_bytes:
        raise GuardError(
            f"{name}: the file is {len(data) / 1024 / 1024:.1f} MB, over the limit of "
            f"{round(limits.max_bytes / 1024 / 1024, 2):g} MB ({MAX_UPLOAD_ENV})."
        )


def looks_like(data: bytes) -> str | None:
    """What the first bytes say the file is ("a PDF", "a Windows program", …), if known."""
    head = data[:16]
    for magic, label in _SIGNATURES:
        if head.startswith(magic):
            return label
    return None


def check_content(data: bytes, name: str, limits: Limits = Limits()) -> str:
    """Check that the extension and the content agree and the content is within limits.

    Returns the kind ("pdf", "docx" or "txt"); the text encoding check is in `text_encoding`.
    """
    check_size(data, name, limits)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise GuardError(f"{name}: only PDF, DOCX and TXT files can be added, not {suffix or 'files without an extension'}.")
    actual = looks_like(data)
    if suffix == ".pdf":
        if actual != "a PDF":
            raise GuardError(f"{name}: the name says PDF but the content is {actual or 'not a PDF'}.")
        check_pdf(data, name, limits)
        return "pdf"
    if suffix == ".docx":
        if actual != "a zip archive (DOCX, XLSX, …)":
            raise GuardError(f"{name}: the name says DOCX but the content is {actual or 'not a DOCX (zip) file'}.")
        check_docx(data, name, limits)
        return "docx"
    if actual is not None:
        raise GuardError(f"{name}: the name says text but the content is {actual}.")
    text_encoding(data, name)
    return "txt"


def check_pdf(data: bytes, name: str, limits: Limits = Limits()) -> int:
    """Open the PDF with pypdfium2 (no text extraction) and enforce the page limit; returns the page count."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == getattr(pdfium.raw, "FPDF_ERR_PASSWORD", 4):
            raise GuardError(f"{name}: the PDF is password-protected; upload an unlocked copy.") from None
        raise GuardError(f"{name}: the PDF is damaged or incomplete and cannot be opened.") from None
    try:
        pages = len(document)
    finally:
        document.close()
    if pages == 0:
        raise GuardError(f"{name}: the PDF has no pages.")
    if pages > limits.max_pdf_pages:
        raise GuardError(f"{name}: the PDF has {pages} pages, over the limit of {limits.max_pdf_pages}.")
    return pages


def check_docx(data: bytes, name: str, limits: Limits = Limits()) -> None:
    """Refuse a DOCX that is not a Word zip or would unpack too large (a zip bomb), from the zip directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise GuardError(f"{name}: the DOCX is damaged or incomplete and cannot be opened.") from None
    check_docx_members(members, name, limits)


def check_docx_members(members: Sequence[zipfile.ZipInfo], name: str, limits: Limits = Limits()) -> None:
    """Refuse a DOCX from its zip directory: no word/document.xml, too many parts, too large unpacked, or a part
    compressed suspiciously well (a zip bomb). Nothing is inflated. Extraction runs this too (one rule)."""
    if "word/document.xml" not in {m.filename for m in members}:
        raise GuardError(f"{name}: the zip file has no word/document.xml, so it is not a Word document.")
    if len(members) > limits.max_docx_members:
        raise GuardError(f"{name}: the DOCX has {len(members)} parts, over the limit of {limits.max_docx_members}.")
    total = sum(m.file_size for m in members)
    if total > limits.max_docx_uncompressed:
        raise GuardError(
            f"{name}: the DOCX would unpack to {_mb(total)}, over the limit of "
            f"{_mb(limits.max_docx_uncompressed)} (possible zip bomb)."
        )
    for member in members:
        if member.file_size > limits.ratio_floor:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_docx_ratio:
                raise GuardError(
                    f"{name}: the DOCX part {member.filename} is compressed {ratio:.0f}:1, more than "
                    f"{limits.max_docx_ratio:.0f}:1 (possible zip bomb)."
                )


def _mb(n_bytes: int) -> str:
    return f"{n_bytes / 1024 / 1024:.1f} MB" if n_bytes < 10 * 1024 * 1024 else f"{n_bytes / 1024 / 1024:.0f} MB"


def bom_encoding(data: bytes) -> str | None:
    """"utf-16" when data starts with a UTF-16 byte-order mark (what Windows Notepad writes as "Unicode")."""
    return "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None


def text_encoding(data: bytes, name: str) -> str:
    """The encoding a text upload decodes with ("utf-16" with a BOM, "utf-8" or "cp1252"); refuses binary content."""
    if bom_encoding(data):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            raise GuardError(f"{name}: the file starts like UTF-16 text but does not decode as UTF-16.") from None
        return "utf-16"
    if b"\x00" in data:
        raise GuardError(f"{name}: the file contains NUL bytes, so it is not plain text.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "utf-8" if encoding == "utf-8-sig" else encoding
    raise GuardError(f"{name}: the text is neither UTF-8 nor Windows-1252 (cp1252).")


def check_upload_name(name: str) -> str:
    """A user-supplied file name as a plain, NFC-normalised name; refuses paths and hidden names."""
    normalised = unicodedata.normalize("NFC", name or "").strip()
    if not normalised:
        raise GuardError("The file has no name.")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in normalised):
        raise GuardError(f"{normalised!r}: the file name contains control characters.")
    if PurePosixPath(normalised).is_absolute() or PureWindowsPath(normalised).is_absolute() or PureWindowsPath(normalised).drive:
        raise GuardError(f"{normalised}: the file name is an absolute path; give a plain file name.")
    parts = re.split(r"[\\/]", normalised)
    if len(parts) > 1:
        if any(part in ("..", ".") for part in parts):
            raise GuardError(f"{normalised}: the file name tries to leave its folder (\"..\"); give a plain file name.")
        raise GuardError(f"{normalised}: the file name contains a folder; give a plain file name.")
    if normalised.startswith("."):
        raise GuardError(f"{normalised}: hidden file names (starting with \".\") are not accepted.")
    return normalised


_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})


def slug(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug ("Høringssvar fra NITO" -> "horingssvar-fra-nito"), cut at a word boundary."""
    ascii_text = (
        unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > max_length:
            break
        out = candidate
    return out or (words[0][:max_length] if words else "")


def unique_name(name: str, taken: Collection[str]) -> str:
    """name, or name with -2, -3 … before the suffix, so that it is not in taken (compared case-insensitively)."""
    lowered = {t.lower() for t in taken}
    if name.lower() not in lowered:
        return name
    path = PurePosixPath(name)
    stem, suffix = path.name[: len(path.name) - len(path.suffix)], path.suffix
    n = 2
    while f"{stem}-{n}{suffix}".lower() in lowered:
        n += 1
    return f"{stem}-{n}{suffix}"


def check_duplicate(sha: str, known: Mapping[str, str], name: str) -> None:
    """Refuse content already known; known maps sha256 -> where it is (e.g. "documents.csv: nito-2024")."""
    if sha in known:
        raise GuardError(f"{name}: the same file is already in the corpus ({known[sha]}).")
