"""The used range of ``.ods`` and ``.xls`` workbooks, found without a spreadsheet reader.

:func:`kloof.sources._limits.check_workbook` refuses a workbook whose sheets reach too
far before a reader allocates them. For ``.xlsx`` it reads the cell references of the
sheet XML; this module does the same for the two other formats the readers accept:

* **OpenDocument** (``.ods``): ``content.xml`` is parsed as a stream; a row or cell
  repeated *n* times (``number-rows-repeated``, ``number-columns-repeated``) counts *n*
  times when it holds something, so one far-away value written compactly is found,
  while the usual trailing run of a million empty rows is not a problem.
* **Excel 97-2003** (``.xls``): the ``Workbook`` stream is taken from the compound file
  and its BIFF records are walked; every cell record and ``DIMENSIONS`` record gives a
  row and a column.

Both return ``(rows, columns)`` of the largest sheet and raise
:class:`~kloof.errors.DataFormatError` on a damaged file.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from kloof.errors import DataFormatError

__all__ = ["ods_extent", "xls_extent"]

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def ods_extent(path: Path, *, max_bytes: int) -> tuple[int, int]:
    """Rows and columns up to the last non-empty cell of the largest sheet of an ``.ods``.

    Raises
    ------
    DataFormatError
        Not a zip archive, no ``content.xml``, damaged XML, or more than ``max_bytes``
        unpacked.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataFormatError(
            f"not a readable OpenDocument spreadsheet ({exc}); is it truncated or of "
            "another format?",
            path=path,
        ) from None
    with archive:
        try:
            info = archive.getinfo("content.xml")
        except KeyError:
            raise DataFormatError(
                "not an OpenDocument spreadsheet (no content.xml)", path=path
            ) from None
        return _scan_ods(archive, info, path, max_bytes)


def _scan_ods(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, max_bytes: int
) -> tuple[int, int]:
    parser: Any = XMLPullParser(events=("start", "end"))
    stack: list[Element] = []
    rows = columns = 0  # the answer: the largest extent seen
    row = 0  # rows passed in the current sheet
    repeat = column = last = 0
    unpacked = 0
    try:
        with archive.open(info) as handle:
            while block := handle.read(1 << 20):
                unpacked += len(block)
                if unpacked > max_bytes:
                    raise DataFormatError(
                        f"content.xml unpacks to more than {max_bytes:,} bytes", path=path
                    )
                parser.feed(block)
                for event, elem in parser.read_events():
                    tag = elem.tag
                    if event == "start":
                        stack.append(elem)
                        if tag == f"{_TABLE}table":
                            row = 0
                        elif tag == f"{_TABLE}table-row":
                            repeat = int(elem.get(f"{_TABLE}number-rows-repeated", "1"))
                            column = last = 0
                        continue
                    stack.pop()
                    if tag in _CELLS:
                        column += int(elem.get(f"{_TABLE}number-columns-repeated", "1"))
                        if elem.get(f"{_OFFICE}value-type") is not None or len(elem):
                            last = column
                    elif tag == f"{_TABLE}table-row":
                        if last:
                            rows = max(rows, row + repeat)
                            columns = max(columns, last)
                        row += repeat
                    if stack and (tag in _CELLS or tag == f"{_TABLE}table-row"):
                        stack[-1].remove(elem)  # keep memory flat on long sheets
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ParseError, ValueError) as exc:
        raise DataFormatError(
            f"the spreadsheet is damaged ({type(exc).__name__}); is it truncated?", path=path
        ) from None
    return rows, columns


# -- Excel 97-2003: compound file and BIFF records ------------------------------------

_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
#: BIFF cell records with the row and column in their first four bytes.
_CELL_RECORDS = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
#: MULRK and MULBLANK: row, first column, ..., last column in the final two bytes.
_MULTI_RECORDS = {0x00BD, 0x00BE}
_DIMENSIONS = 0x0200
_BOF = 0x0809


def _damaged(path: Path, what: str) -> DataFormatError:
    return DataFormatError(
        "not a readable Excel 97-2003 workbook ({reason}); is it truncated or of another format?",
        path=path,
        reason=what,
    )


def _chain(table: list[int], start: int, path: Path) -> list[int]:
    """The sectors of a chain in a FAT (refusing loops and references outside it)."""
    out: list[int] = []
    sector = start
    while sector != _END:
        if sector >= len(table) or len(out) > len(table):
            raise _damaged(path, "a broken sector chain")
        out.append(sector)
        sector = table[sector]
    return out


def _workbook_stream(data: bytes, path: Path, max_bytes: int) -> bytes:
    """The ``Workbook`` (or ``Book``) stream of an OLE2 compound file."""
    if len(data) < 512 or not data.startswith(_MAGIC):
        raise _damaged(path, "no compound-file header")
    (shift, mini_shift) = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise _damaged(path, "an unknown sector size")
    size = 1 << shift
    n_difat = struct.unpack_from("<I", data, 0x48)[0]
    dir_start, _, cutoff, minifat_start = struct.unpack_from("<IIII", data, 0x30)
    difat_next = struct.unpack_from("<I", data, 0x44)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s != _FREE]
    per_sector = size // 4

    def sector(n: int) -> bytes:
        offset = (n + 1) * size
        if offset >= len(data):
            raise _damaged(path, f"sector {n} outside the file")
        return data[offset : offset + size]

    for _ in range(n_difat):
        if difat_next in (_END, _FREE):
            break
        difat = struct.unpack(f"<{per_sector}I", sector(difat_next).ljust(size, b"\0"))
        fat_sectors += [s for s in difat[:-1] if s != _FREE]
        difat_next = difat[-1]
    fat: list[int] = []
    for n in fat_sectors:
        fat += struct.unpack(f"<{per_sector}I", sector(n).ljust(size, b"\0"))

    def read(start: int, length: int) -> bytes:
        if length > max_bytes:
            raise _damaged(path, f"a stream of {length:,} bytes")
        return b"".join(sector(n) for n in _chain(fat, start, path))[:length]

    directory = read(dir_start, len(data))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise _damaged(path, "no directory")
    root_start, root_size = struct.unpack_from("<II", entries[0], 116)
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[: max(0, name_length - 2)].decode("utf-16-le", errors="replace")
        if entry[66] != 2 or name not in ("Workbook", "Book"):
            continue
        start, length = struct.unpack_from("<II", entry, 116)
        if length >= cutoff:
            return read(start, length)
        mini_stream = read(root_start, root_size)
        minifat_bytes = read(minifat_start, len(data)) if minifat_start != _END else b""
        minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
        return b"".join(mini_stream[n * 64 : n * 64 + 64] for n in _chain(minifat, start, path))[
            :length
        ]
    raise _damaged(path, "no Workbook stream")


def xls_extent(path: Path, *, max_bytes: int) -> tuple[int, int]:
    """Rows and columns of the largest sheet of an ``.xls`` (BIFF8) workbook.

    The extent is the furthest cell record or ``DIMENSIONS`` record of any sheet.

    Raises
    ------
    DataFormatError
        Not a compound file, no ``Workbook`` stream, broken records, or a file larger
        than ``max_bytes``.
    """
    if path.stat().st_size > max_bytes:
        raise DataFormatError(
            f"the workbook has {path.stat().st_size:,} bytes, more than the limit of {max_bytes:,}",
            path=path,
        )
    stream = _workbook_stream(path.read_bytes(), path, max_bytes)
    if len(stream) < 4 or struct.unpack_from("<H", stream, 0)[0] != _BOF:
        raise _damaged(path, "the Workbook stream does not start with a BOF record")
    rows = columns = 0
    offset = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        body = stream[offset + 4 : offset + 4 + length]
        offset += 4 + length
        if len(body) < length:
            raise _damaged(path, "a record cut short")
        if kind in _CELL_RECORDS and length >= 4:
            row, column = struct.unpack_from("<HH", body, 0)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind in _MULTI_RECORDS and length >= 6:
            row = struct.unpack_from("<H", body, 0)[0]
            last = struct.unpack_from("<H", body, length - 2)[0]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == _DIMENSIONS and length >= 12:
            _, last_row, _, last_column = struct.unpack_from("<IIHH", body, 0)
            rows, columns = max(rows, last_row), max(columns, last_column)
    return rows, columns
