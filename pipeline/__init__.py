"""Høringsradar's write side: submissions in data/raw -> analysis tables in data/processed."""
from pathlib import Path as _Path

__version__ = "0.1.0"


def read_sources(folder: _Path, names=None) -> dict[str, bytes]:
    """The source of each module in folder (or of those named), by module name, as the files are now (a file that
    cannot be read is left out, as a missing one)."""
    paths = sorted(folder.glob("*.py")) if names is None else [folder / f"{name}.py" for name in names]
    sources = {}
    for path in paths:
        try:
            sources[path.stem] = path.read_bytes()
        except OSError:
            continue
    return sources


#: Every module's source as it was when the package was imported, before any of its modules: the code this process
#: runs (caches.changed_since_import tells when a file changed before its module was imported). Cache keys hash these
#: (caches.code_hash), not the files as they are later: an edit during a build must not key what the old code made.
#: ~0.6 MB read once per process (~1 ms).
IMPORTED_SOURCES = read_sources(_Path(__file__).parent)
