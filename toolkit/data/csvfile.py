"""Read a spreadsheet's CSV export, and decode any data file, with hints a staffer can act on.

Spreadsheets export in many forms: Excel in Europe separates columns with ';', older Excel saves
Windows-1252, "Unicode text" is UTF-16. Each of these becomes one line that says what to do
instead of a column of 'required field is missing'.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from toolkit.data.entries import LIST_FIELDS, RawEntry, set_dotted
from toolkit.errors import DataError, Problem

SAVE_AS_UTF8 = "save the file as UTF-8 (in Excel: Save As > 'CSV UTF-8 (Comma delimited)')"
MAX_CELL = 128 * 1024
"""Largest cell accepted, in characters; csv's own limit, named so the message can say it."""


def decode_text(data: bytes, file: str, *, spreadsheet: bool) -> str:
    """The file's text, or one problem naming the line and saying how to save it as UTF-8."""
    hint = SAVE_AS_UTF8 if spreadsheet else "save the file as UTF-8"
    if _is_utf16(data):
        raise DataError([Problem(file, f"the file is UTF-16 text, not UTF-8: {hint}", 1)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        message = f"byte 0x{byte:02X} is not UTF-8 (Latin-1 or Windows-1252 text?): {hint}"
        raise DataError([Problem(file, message, line)]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = text.count("\n", 0, nul) + 1, nul - text.rfind("\n", 0, nul)
        message = f"column {column}: a NUL byte (U+0000), which no text may hold: delete it"
        raise DataError([Problem(file, message, line)])
    return text


def _is_utf16(data: bytes) -> bool:
    """A byte-order mark, or NULs in about every other byte, as UTF-16 writes Latin letters.

    One stray NUL in UTF-8 text is not UTF-16: `decode_text` reports where it is instead.
    """
    sample = data[:4096]
    return data.startswith((b"\xff\xfe", b"\xfe\xff")) or 0 < len(sample) <= 4 * sample.count(0)


def read_csv(text: str, file: str) -> list[RawEntry]:
    """One raw entry per row, nested by dotted column names; a broken file is one problem."""
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(rows, [])]
        _check_header(header, file)
        entries = []
        start = rows.line_num + 1
        for cells in rows:
            entries.append(_entry(header, cells, start))
            start = rows.line_num + 1
    except csv.Error as exc:
        raise DataError([Problem(file, _csv_message(exc), start if header else 1)]) from None
    return entries


def _check_header(header: list[str], file: str) -> None:
    if len(header) == 1 and ";" in header[0]:
        message = "the file seems to use ';' between columns: export it with commas"
        raise DataError([Problem(file, message, 1)])
    if "id" not in header:
        raise DataError([Problem(file, "expected a header row with at least an 'id' column", 1)])
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataError([Problem(file, f"column '{column}' appears twice in the header", 1)])
        seen.add(column)


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a cell is longer than {MAX_CELL // 1024} KiB"
    if "unexpected end of data" in text or "EOF" in text:
        return 'a quote (") opened in this row is never closed'
    return f"not a readable CSV row: {text}"


def _entry(header: list[str], cells: list[str], line: int) -> RawEntry:
    row_id = cells[0].strip() if cells and header[0] == "id" else ""
    if len(cells) > len(header):
        extra = ", ".join(cells[len(header) :])
        return RawEntry(row_id, line, {}, f"more cells than the header has columns: {extra}")
    nested: dict[str, Any] = {}
    try:
        for column, cell in zip(header, cells, strict=False):
            if cell.strip():
                set_dotted(nested, column, _csv_value(column, cell.strip()))
    except ValueError as exc:  # both a 'clerk' and a 'clerk.name' column, say
        return RawEntry(row_id, line, {}, f"columns clash: {exc}")
    return RawEntry(nested, line, {})


def _csv_value(column: str, cell: str) -> Any:
    if column in LIST_FIELDS:
        return [part.strip() for part in cell.split(";") if part.strip()]
    return cell
