"""Resource limits on input files: sheet dimensions, decompressed size, cell length.

A hostile or broken file must give a clear error, not abort the process or take all
memory: a 3.6 MB workbook with one cell at ``XFD1048576`` makes a spreadsheet reader
allocate 17 billion cells, a 3 MB gzip bomb renamed ``.rda`` expands to gigabytes, a
100 MB cell hangs whatever prints it. The limits are far above what CBS publishes (the
national KWB has 18,310 rows and about 130 columns; its workbook expands to 32 MB).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from kloof.errors import DataFormatError

__all__ = [
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_DECOMPRESSED",
    "MAX_ROWS",
    "check_cells",
    "check_csv",
    "check_workbook",
    "read_decompressed",
]

#: Rows of a sheet or CSV (every KWB region of 12 years would be about 220,000).
MAX_ROWS = 1_000_000
#: Columns of a sheet or CSV.
MAX_COLUMNS = 5_000
#: Characters in one cell.
MAX_CELL_CHARS = 10_000
#: Bytes a compressed file (workbook, R data) may expand to.
MAX_DECOMPRESSED = 1 << 30
#: Cells of a workbook sheet's used range (rows × columns): a reader allocates them all.
#: The national KWB workbook has about 2.4 million; an ``.xls`` sheet may reach 16.7.
MAX_CELLS = 10_000_000

_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]{1,3})(\d{1,7})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for char in letters:
        n = n * 26 + (char - 64)
    return n


def check_workbook(path: Path) -> None:
    """Refuse a workbook whose sheets are too large, before a reader allocates them.

    ``.xlsx``/``.xlsm``: the sheet XML is streamed (never held whole) and every cell
    reference is read, so a single far-away cell is found whether or not the
    ``dimension`` element admits it. ``.ods`` and ``.xls``: the used range comes from
    :mod:`kloof.sources._sheets` (repeated rows and columns of OpenDocument counted,
    the BIFF cell records of Excel 97-2003 walked). Other suffixes pass unchecked.

    Raises
    ------
    DataFormatError
        More than :data:`MAX_ROWS` rows, :data:`MAX_COLUMNS` columns or
        :data:`MAX_CELLS` cells, more than :data:`MAX_DECOMPRESSED` bytes unpacked, or
        a damaged file.
    """
    suffix = path.suffix.lower()
    if suffix in (".ods", ".xls"):
        from kloof.sources._sheets import ods_extent, xls_extent

        extent = ods_extent if suffix == ".ods" else xls_extent
        _check_extent(*extent(path, max_bytes=MAX_DECOMPRESSED), "the sheet", path)
        return
    if suffix not in (".xlsx", ".xlsm"):
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataFormatError(
            f"not a readable workbook ({exc}); is it truncated or of another format?",
            path=path,
        ) from None
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > MAX_DECOMPRESSED:
            raise DataFormatError(
                f"the workbook unpacks to {declared:,} bytes, more than the limit of "
                f"{MAX_DECOMPRESSED:,}",
                path=path,
            )
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_sheet(archive, info, path)


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    rows = columns = 0
    unpacked = 0
    tail = b""
    try:
        with archive.open(info) as handle:
            while block := handle.read(1 << 20):
                unpacked += len(block)
                if unpacked > MAX_DECOMPRESSED:
                    raise DataFormatError(
                        f"sheet {info.filename} unpacks to more than {MAX_DECOMPRESSED:,} bytes",
                        path=path,
                    )
                text = tail + block
                for pattern in (_CELL, _DIMENSION):
                    refs = pattern.findall(text)
                    if refs:
                        columns = max(columns, max(_column_number(c) for c, _ in set(refs)))
                        rows = max(rows, max(int(r) for _, r in refs))
                tail = text[-64:]
                _check_extent(rows, columns, f"sheet {info.filename}", path)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise DataFormatError(
            f"the workbook is damaged ({type(exc).__name__}); is it truncated?", path=path
        ) from None


def _check_extent(rows: int, columns: int, sheet: str, path: Path) -> None:
    """Refuse a used range beyond :data:`MAX_ROWS`, :data:`MAX_COLUMNS` or :data:`MAX_CELLS`."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise DataFormatError(
            "{sheet} reaches row {rows:,} and column {columns:,}; kloof reads at most "
            "{max_rows:,} rows, {max_columns:,} columns and {max_cells:,} cells (is there "
            "a stray cell far from the table? delete it and save again)",
            path=path,
            sheet=sheet,
            rows=rows,
            columns=columns,
            max_rows=MAX_ROWS,
            max_columns=MAX_COLUMNS,
            max_cells=MAX_CELLS,
        )


def read_decompressed(path: Path, limit: int = MAX_DECOMPRESSED) -> bytes:
    """The bytes of a possibly gzip/bzip2/xz-compressed file, at most ``limit`` of them.

    Raises
    ------
    DataFormatError
        If the content expands beyond ``limit`` (a decompression bomb) or the stream is
        damaged.
    """
    with open(path, "rb") as handle:
        magic = handle.read(6)
    opener: Any
    if magic.startswith(b"\x1f\x8b"):
        opener = gzip.open
    elif magic.startswith(b"BZh"):
        opener = bz2.open
    elif magic.startswith(b"\xfd7zXZ\x00"):
        opener = lzma.open
    else:
        opener = open
    chunks: list[bytes] = []
    size = 0
    try:
        with opener(path, "rb") as stream:
            while block := stream.read(1 << 20):
                size += len(block)
                if size > limit:
                    raise DataFormatError(
                        f"the file expands to more than {limit:,} bytes when unpacked; "
                        "it is not a data file kloof reads (a decompression bomb?)",
                        path=path,
                    )
                chunks.append(block)
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
        raise DataFormatError(
            f"the compressed file is damaged ({type(exc).__name__}: {exc}); is it truncated?",
            path=path,
        ) from None
    return b"".join(chunks)


def check_cells(records: list[list[str]], header: list[str], *, path: Path) -> None:
    """Refuse a cell longer than :data:`MAX_CELL_CHARS` (quoting 80 characters of it)."""
    from kloof.errors import quote

    for number, record in enumerate([header, *records]):
        for index, field in enumerate(record):
            if len(field) > MAX_CELL_CHARS:
                column = header[index] if number and index < len(header) else None
                raise DataFormatError(
                    f"a cell holds {len(field):,} characters, more than the limit of "
                    f"{MAX_CELL_CHARS:,}: {quote(field)}",
                    path=path,
                    row=number if number else None,
                    column=column[:80] if column else None,
                )


def check_csv(text: str, delimiter: str, *, path: Path) -> None:
    """Check the shape of a CSV text before a table reader trusts it.

    Every row must have the header's number of fields (a short row would turn into
    missing values that overwrite stored ones), the text must end with a line break (a
    file cut inside its last number would otherwise store ``35`` for ``35.2``), and no
    cell may exceed :data:`MAX_CELL_CHARS`.

    Raises
    ------
    DataFormatError
        Naming the row and what is wrong.
    """
    if text and not text.endswith(("\n", "\r")):
        rows = text.count("\n")
        raise DataFormatError(
            "the last line has no line break, so the file looks cut off (a number in it "
            "may be cut short); download or export it again, or add the line break if "
            "the file is complete",
            path=path,
            row=rows,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        records = list(reader)
    except csv.Error as exc:
        raise DataFormatError(
            f"broken CSV ({exc}); the file may be damaged, or a cell is longer than "
            f"{MAX_CELL_CHARS:,} characters",
            path=path,
            row=reader.line_num - 1,
        ) from None
    while records and not any(field.strip() for field in records[-1]):
        records.pop()
    if len(records) > MAX_ROWS or len(header) > MAX_COLUMNS:
        raise DataFormatError(
            f"the file has {len(records):,} rows and {len(header):,} columns; kloof reads "
            f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns",
            path=path,
        )
    width = len(header)
    for number, record in enumerate(records, start=1):
        if len(record) != width:
            hint = "cut off" if number == len(records) else "damaged or mixes delimiters"
            raise DataFormatError(
                f"the row has {len(record)} fields but the header has {width}; the file "
                f"looks {hint}: download or export it again",
                path=path,
                row=number,
            )
    check_cells(records, header, path=path)
