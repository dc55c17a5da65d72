"""Files in the output folder: written atomically, all or none, and never through a link.

A reader (or a killed batch) never sees a half-written file: bytes go to a temporary file in the
same folder, are flushed to disk, and are renamed into place in one step. Several files that
belong together are all staged before any is renamed, so a full disk leaves none of them.
Nothing under the output folder is read, written or removed through a symbolic link: a link
planted there could otherwise send a staffer's secrets into a zip "ready to email".
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from toolkit.errors import PolicykitError

TEMPORARY_SUFFIX = ".part"


def ensure_folder(folder: Path) -> None:
    """Create the output folder if needed; one line, not a traceback, when that cannot be done."""
    if folder.exists() and not folder.is_dir():
        raise PolicykitError(f"cannot use {folder} as the output folder: it is a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = in_the_way(folder) if isinstance(exc, FileExistsError | NotADirectoryError) else None
        raise PolicykitError(
            f"cannot create the output folder {folder}: {why or exc.strerror}"
        ) from None


def in_the_way(path: Path) -> str:
    """Which file stands where a folder on the way to `path` goes.

    mkdir's own "Not a directory" or "File exists" does not say which one.
    """
    blocker = next(
        (p for p in (path, *path.parents) if os.path.lexists(p) and not p.is_dir()), path
    )
    return f"{blocker} is in the way: it is a file where a folder goes"


def refuse_links(root: Path, path: Path) -> None:
    """Refuse `path` if it, or a folder between `root` and it, is a symbolic link."""
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            raise PolicykitError(
                f"refusing to follow the symbolic link {current} in the output folder"
            )


def read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file; a link, a folder or a pipe is refused with one line.

    Opened without blocking, so a pipe planted where a file belongs cannot hang the run.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise PolicykitError(unreadable(path, exc)) from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise PolicykitError(f"{path} is in the way: it is not a regular file")
    with os.fdopen(handle, "rb") as stream:
        return stream.read()


def unreadable(path: Path, exc: OSError) -> str:
    if path.is_symlink():
        return f"refusing to follow the symbolic link {path} in the output folder"
    return f"cannot read {path}: {exc.strerror or exc}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and an atomic rename.

    An error (a full disk, a read-only folder, a file where a folder should be) is one line
    naming the path, and leaves neither a partial file nor the temporary one behind.
    """
    write_all_atomic([(path, data)])


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file, or none: all are staged (written and flushed) before any is renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            staged.append((stage(path, data), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            where = exc.filename or (files[len(staged)][0] if len(staged) < len(files) else "")
            raise PolicykitError(f"cannot write {where}: {exc.strerror or exc}") from None
        raise


def stage(path: Path, data: bytes) -> Path:
    """A flushed temporary file beside `path` holding `data`; removed again on any failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
        )
    except (FileExistsError, NotADirectoryError):
        raise PolicykitError(f"cannot write {path}: {in_the_way(path.parent)}") from None
    except OSError as exc:
        raise PolicykitError(f"cannot write {path}: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PolicykitError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    return temporary


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
