"""Resource limits of ``.ods`` and ``.xls`` workbooks (issue 13), like ``.xlsx``.

The files are written here byte by byte (OpenDocument XML in a zip; an OLE2 compound
file holding BIFF8 records), so a far-away cell costs a few bytes, as in a hostile file.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.errors import DataFormatError
from kloof.sources._limits import MAX_CELLS, check_workbook
from kloof.sources._sheets import ods_extent, xls_extent

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _cell(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def _ods(path: Path, rows: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="kwb">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


_TABLE = (
    f"<table:table-row>{_cell('gwb_code_10')}{_cell('a_inw')}</table:table-row>"
    f"<table:table-row>{_cell('NL00')}{_cell('17811291')}</table:table-row>"
)
#: What LibreOffice writes after the last row: a million empty repeated rows.
_TRAILING = (
    '<table:table-row table:number-rows-repeated="1048574">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


def test_an_ordinary_ods_passes_and_reads(tmp_path: Path) -> None:
    path = _ods(tmp_path / "kwb-2023.ods", _TABLE + _TRAILING)
    assert ods_extent(path, max_bytes=1 << 20) == (2, 2)
    check_workbook(path)
    frame = pd.read_excel(path, dtype=str, engine="calamine")
    assert frame.to_dict("records") == [{"gwb_code_10": "NL00", "a_inw": "17811291"}]


@pytest.mark.parametrize(
    ("rows", "extent"),
    [
        # one value two million rows down, written as one repeated empty row
        (
            _TABLE + '<table:table-row table:number-rows-repeated="2000000"><table:table-cell/>'
            f"</table:table-row><table:table-row>{_cell('x')}</table:table-row>",
            (2_000_003, 2),
        ),
        # one value in column 16,384
        (
            _TABLE + '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
            f"{_cell('x')}</table:table-row>",
            (3, 16_384),
        ),
        # a value repeated over 5,000 rows and 5,000 columns: 25 million cells
        (
            '<table:table-row table:number-rows-repeated="5000">'
            '<table:table-cell office:value-type="float" office:value="1" '
            'table:number-columns-repeated="5000"/></table:table-row>',
            (5_000, 5_000),
        ),
    ],
)
def test_a_far_ods_cell_is_refused_before_reading(
    tmp_path: Path, rows: str, extent: tuple[int, int]
) -> None:
    path = _ods(tmp_path / "kwb-2023.ods", rows)
    assert path.stat().st_size < 2_000
    assert ods_extent(path, max_bytes=1 << 20) == extent
    with pytest.raises(DataFormatError, match=r"reaches row .* at most") as caught:
        check_workbook(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_a_broken_ods_is_one_clear_line(tmp_path: Path) -> None:
    cut = tmp_path / "cut.ods"
    cut.write_bytes(_ods(tmp_path / "whole.ods", _TABLE).read_bytes()[:200])
    with pytest.raises(DataFormatError, match="not a readable OpenDocument"):
        check_workbook(cut)
    path = tmp_path / "bad.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<office:document-content><unclosed>")
    with pytest.raises(DataFormatError, match="damaged"):
        check_workbook(path)


# -- .xls: an OLE2 compound file with a Workbook stream of BIFF8 records -------------

_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _number(row: int, column: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, 15, value))


def _biff(cells: list[tuple[int, int]]) -> bytes:
    bof_globals = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    bof_sheet = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    eof = _record(0x000A, b"")
    body = b"".join(_number(r, c, 1.0) for r, c in cells)
    return bof_globals + eof + bof_sheet + body + eof


def _entry(name: str, kind: int, start: int, size: int, child: int = _FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    out = encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
    out += struct.pack("<III", _FREE, _FREE, child) + b"\0" * 36
    return out + struct.pack("<III", start, size, 0)


def _xls(path: Path, stream: bytes) -> Path:
    """An OLE2 file (512-byte sectors): FAT, directory, then the stream's sectors."""
    fat = [0xFFFFFFFD, _END]
    mini = len(stream) < 4096
    if mini:  # the stream lives in the root's mini stream, chained by a mini FAT
        n_mini = -(-len(stream) // 64)
        minifat = [*range(1, n_mini), _END] if n_mini else []
        minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat).ljust(512, b"\xff")
        fat.append(_END)  # sector 2: the mini FAT
        data = stream.ljust(n_mini * 64, b"\0")
        first = len(fat)
        n = -(-len(data) // 512)
        fat += [*range(first + 1, first + n), _END]
        root = _entry("Root Entry", 5, first, len(data), child=1)
        book = _entry("Workbook", 2, 0, len(stream))
        sectors = minifat_bytes + data.ljust(n * 512, b"\0")
        minifat_start, n_minifat = 2, 1
    else:
        first = len(fat)
        n = -(-len(stream) // 512)
        fat += [*range(first + 1, first + n), _END]
        root = _entry("Root Entry", 5, _END, 0, child=1)
        book = _entry("Workbook", 2, first, len(stream))
        sectors = stream.ljust(n * 512, b"\0")
        minifat_start, n_minifat = _END, 0
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, minifat_start, n_minifat, _END, 0)
    header += struct.pack("<109I", 0, *([_FREE] * 108))
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    directory = (root + book).ljust(512, b"\0")
    path.write_bytes(header + fat_sector + directory + sectors)
    return path


@pytest.mark.parametrize("padding", [0, 400], ids=["mini-stream", "regular-sectors"])
def test_xls_extent_from_the_biff_cell_records(tmp_path: Path, padding: int) -> None:
    cells = [(0, 0), (1, 1)] + [(2 + i % 50, i % 3) for i in range(padding)]
    path = _xls(tmp_path / "kwb-2023.xls", _biff(cells))
    assert xls_extent(path, max_bytes=1 << 20) == (52 if padding else 2, 3 if padding else 2)
    check_workbook(path)


@pytest.mark.parametrize("padding", [0, 400], ids=["mini-stream", "regular-sectors"])
def test_a_far_xls_cell_is_refused_before_reading(tmp_path: Path, padding: int) -> None:
    cells = [(0, 0), *[(1 + i % 50, 0) for i in range(padding)], (65_535, 255)]
    path = _xls(tmp_path / "kwb-2023.xls", _biff(cells))
    assert xls_extent(path, max_bytes=1 << 20) == (65_536, 256)
    assert MAX_CELLS < 65_536 * 256
    with pytest.raises(DataFormatError, match=r"reaches row 65,536 and column 256"):
        check_workbook(path)


def test_a_broken_xls_is_one_clear_line(tmp_path: Path) -> None:
    text = tmp_path / "kwb-2023.xls"
    text.write_text("gwb_code_10;a_inw\nNL00;1\n")
    with pytest.raises(DataFormatError, match="not a readable Excel 97-2003 workbook"):
        check_workbook(text)
    whole = _xls(tmp_path / "whole.xls", _biff([(0, 0)] * 400)).read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(whole[:1600])
    with pytest.raises(DataFormatError, match="not a readable Excel 97-2003 workbook"):
        check_workbook(cut)


def test_the_import_command_refuses_a_far_cell_with_one_line(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    path = _xls(tmp_path / "kwb-2023.xls", _biff([(0, 0), (65_535, 255)]))
    result = CliRunner().invoke(app, ["--store", str(store), "data", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "65.536" in result.output or "65,536" in result.output
    assert not store.exists()
