"""Write output files atomically, and zip archives whose bytes depend only on their entries.

A reader (or a killed batch) never sees a half-written file: bytes go to a temporary file in the
same folder, are flushed to disk, and are renamed into place in one step.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

from toolkit.errors import PolicykitError


def ensure_folder(folder: Path) -> None:
    """Create the output folder if needed; one line, not a traceback, when that cannot be done."""
    if folder.exists() and not folder.is_dir():
        raise PolicykitError(f"cannot use {folder} as the output folder: it is a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PolicykitError(f"cannot create the output folder {folder}: {exc.strerror}") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and an atomic rename.

    An error (a full disk, a read-only folder, a file where a folder should be) is one line
    naming the path, and leaves neither a partial file nor the temporary one behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
    except OSError as exc:
        raise PolicykitError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, _FILE_MODE)
        os.replace(temp_name, path)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PolicykitError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_FILE_MODE = 0o666 & ~_umask()
"""What `open()` would give a new file: mkstemp's private 0600 would surprise a shared folder."""


def deterministic_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on its entries: fixed times and modes, given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, payload)
    return buffer.getvalue()
