"""Real files damaged the way users damage them: right or refused, never silently wrong.

Each test makes a small damaged copy of a real file from ``../shared/data`` in
``tmp_path`` (the KWB 2023 rows of Groningen, the PC4 table, the wijk boundaries 2024)
and imports it through the command line in Dutch, the default: a refused file gives one
line naming the file, row and column without a traceback and leaves the store as it
was; an accepted file stores exactly the numbers of the undamaged file.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.errors import DataFormatError
from kloof.sources._values import to_numbers
from kloof.sources.mapping import read_mapped

GEMEENTE = "0014"  # Groningen: 1 gemeente, 20 wijken, 151 buurten


@pytest.fixture(scope="module")
def kwb(shared_data: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows (CBS strings) of Groningen in the real KWB 2023 workbook."""
    raw = pd.read_excel(
        shared_data / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx",
        dtype=str,
        engine="calamine",
        keep_default_na=False,
    )
    code = raw["gwb_code_10"].str.strip().str.upper()
    raw = raw.loc[code.str.match(rf"^(GM{GEMEENTE}|WK{GEMEENTE}|BU{GEMEENTE})")]
    return list(raw.columns), raw.to_numpy().tolist()


def _csv(
    path: Path, header: list[str], rows: list[list[str]], *, sep: str = ";", enc: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(enc))
    return path


def _grouped(value: str, sep: str) -> str:
    """``11800`` as a spreadsheet writes it with thousands separators (``11.800``)."""
    return f"{int(value):,}".replace(",", sep) if value.isdigit() else value


def _import(store: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["--store", str(store), "data", "import", *args], env={"COLUMNS": "80"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _fingerprint(store: Path) -> tuple:
    with duckdb.connect(str(store), read_only=True) as con:
        return (
            con.execute(
                "SELECT COUNT(*), SUM(hash(code, year, indicator, value)) FROM observations"
            ).fetchall(),
            con.execute("SELECT COUNT(*), SUM(hash(code, year, name)) FROM regions").fetchall(),
            con.execute("SELECT COUNT(*), SUM(hash(code, year, geom)) FROM geometries").fetchall(),
            con.execute("SELECT COUNT(*) FROM sources").fetchall(),
        )


def _refused(store: Path, path: Path, *words: str) -> str:
    """Import ``path`` into a copy of ``store``: refused in one Dutch line, nothing changed."""
    copy = path.parent / "store.duckdb"
    shutil.copy(store, copy)
    before = _fingerprint(copy)
    code, output = _import(copy, str(path))
    lines = [line for line in output.splitlines() if path.name in line]
    assert code == 1 and len(lines) == 1 and lines[0].startswith("fout: "), output
    for word in words:
        assert word in lines[0], lines[0]
    assert _fingerprint(copy) == before
    return lines[0]


def _slice_of_wijken(shared_data: Path, path: Path) -> Path:
    data = json.loads((shared_data / "boundaries" / "wijken_2024.geojson").read_text("utf-8"))
    data["features"] = [
        f for f in data["features"] if f["properties"]["gemeentecode"] == f"GM{GEMEENTE}"
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


@pytest.fixture(scope="module")
def base_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the wijk boundaries 2024 of Groningen (what must not change)."""
    root = tmp_path_factory.mktemp("damaged")
    store = root / "base.duckdb"
    code, output = _import(store, str(_slice_of_wijken(shared_data, root / "wijken_2024.geojson")))
    assert code == 0, output
    return store


def _values(store: Path, indicator: str) -> dict[str, float | None]:
    with duckdb.connect(str(store), read_only=True) as con:
        rows = con.execute(
            "SELECT code, value FROM observations WHERE indicator = ?", [indicator]
        ).fetchall()
    return dict(rows)


# -- thousands separators ---------------------------------------------------------------
@pytest.mark.parametrize("sep", [".", ","])
def test_thousands_separators_in_a_density_are_refused_not_read_as_decimals(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path, sep: str
) -> None:
    """``11.800`` inhabitants per km² was stored as 11.8 (1000x too small, still plausible)."""
    header, rows = kwb
    i = header.index("bev_dich")
    damaged = [[*r[:i], _grouped(r[i], sep), *r[i + 1 :]] for r in rows]
    path = _csv(tmp_path / "kwb-2023.csv", header, damaged)
    line = _refused(base_store, path, "kolom 'bev_dich'", "rij ", "duizendtallen")
    assert "1284" in line  # the reading with a thousands separator is named


def test_thousands_separators_in_counts_get_the_same_clear_message(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path
) -> None:
    header, rows = kwb
    damaged = [[r[0], *(_grouped(v, ".") for v in r[1:])] for r in rows]
    path = _csv(tmp_path / "kwb-2023.csv", header, damaged)
    _refused(base_store, path, "kolom 'a_inw'", "scheidingsteken voor duizendtallen")


def test_a_column_that_says_which_separator_is_which_is_read_right() -> None:
    # Dutch: decimal commas elsewhere in the column make "1.284" one thousand and more
    dutch, _ = to_numbers(pd.Series(["567", "1.284", "0,5", "12.345.678", "1.234,5", "."]),
                          path="f.csv", name="c")  # fmt: skip
    assert dutch.tolist()[:5] == [567.0, 1284.0, 0.5, 12345678.0, 1234.5]
    # English: decimal points elsewhere make "1,284" one thousand and more
    english, _ = to_numbers(pd.Series(["2.5", "1,284", "1,234.5"]), path="f.csv", name="c")
    assert english.tolist() == [2.5, 1284.0, 1234.5]


def test_real_three_decimal_scores_stay_decimals(shared_data: Path) -> None:
    """SES-WOA spreads such as ``1.010`` are decimals: other values have one decimal point."""
    path = shared_data / "amsterdam-extra" / "SES_WOA_scores_per_wijk_en_buurt_25042023_160857.csv"
    frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    column = next(c for c in frame.columns if c.startswith("Spreiding"))
    text = frame[column].str.strip()
    assert text.str.fullmatch(r"1\.\d{3}").sum() > 100  # the ambiguous-looking values
    values, _ = to_numbers(frame[column], path=path, name=column)
    plain = pd.to_numeric(text.where(text != "."), errors="coerce")
    pd.testing.assert_series_equal(values, plain, check_names=False)


def test_a_mapping_with_decimal_commas_refuses_a_stray_point(tmp_path: Path) -> None:
    """``decimal: ","`` without ``thousands:`` read ``1.284`` as 1.284."""
    data = tmp_path / "dichtheid.csv"
    data.write_text("wijkcode;dichtheid\nWK001400;1.284\nWK001401;567\n", encoding="utf-8")
    spec = tmp_path / "m.yaml"
    spec.write_text(
        "code_column: wijkcode\nyear: 2023\ndecimal: ','\n"
        "columns: {dichtheid: population_density}\n"
    )
    with pytest.raises(DataFormatError, match=r"row 1, column 'dichtheid'.*'1\.284'"):
        read_mapped(data, spec)
    spec.write_text(
        "code_column: wijkcode\nyear: 2023\ncolumns: {dichtheid: population_density}\n"
    )  # no decimal declared: the column does not say which, so refused as well
    with pytest.raises(DataFormatError, match="thousands separator"):
        read_mapped(data, spec)


# -- encodings --------------------------------------------------------------------------
@pytest.mark.parametrize(("enc", "sep"), [("cp1252", ";"), ("utf-16", "\t")])
def test_excel_encodings_keep_names_and_numbers(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path, enc: str, sep: str
) -> None:
    """Windows-1252 was read as UTF-8 with replacement characters: 'S�dwest-Frysl�n'."""
    header, rows = kwb
    named = [list(r) for r in rows]
    named[0][header.index("gm_naam")] = "Súdwest-Fryslân"
    good = tmp_path / "good" / "store.duckdb"
    good.parent.mkdir()
    shutil.copy(base_store, good)
    assert _import(good, str(_csv(tmp_path / "good" / "kwb-2023.csv", header, named)))[0] == 0
    saved = tmp_path / "saved" / "store.duckdb"
    saved.parent.mkdir()
    shutil.copy(base_store, saved)
    path = _csv(tmp_path / "saved" / "kwb-2023.csv", header, named, sep=sep, enc=enc)
    code, output = _import(saved, str(path))
    assert code == 0, output
    assert f"gelezen als {enc}-tekst" in output
    with duckdb.connect(str(saved), read_only=True) as con:
        name = con.execute("SELECT name FROM regions WHERE code = 'GM0014'").fetchone()
    assert name == ("Súdwest-Fryslân",)
    assert _values(saved, "inhabitants") == _values(good, "inhabitants")
    assert _values(saved, "distance_gp_km") == _values(good, "distance_gp_km")


def test_an_empty_file_is_called_empty(base_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "kwb-2023.csv"
    path.write_bytes(b"\r\n")
    _refused(base_store, path, "het bestand is leeg")


# -- the year in the file name ----------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("kwb-2099.csv", ("2099", "nog niet begonnen", "--year")),
        ("kwb-2023-2019.csv", ("meerdere jaren 2019, 2023", "--year")),
    ],
)
def test_an_absurd_or_double_year_in_the_name_is_refused(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path, name: str,
    words: tuple[str, ...],
) -> None:  # fmt: skip
    header, rows = kwb
    path = _csv(tmp_path / name, header, rows)
    _refused(base_store, path, *words)
    copy = tmp_path / "store.duckdb"
    code, output = _import(copy, str(path), "--year", "2023")  # the year given is taken
    assert code == 0, output


def test_boundaries_and_pc4_of_a_year_to_come_are_refused(
    shared_data: Path, base_store: Path, tmp_path: Path
) -> None:
    """``wijken_2099.geojson`` stored boundaries of 2099; ``PC4_2099.csv`` likewise."""
    geo = _slice_of_wijken(shared_data, tmp_path / "geo" / "wijken_2099.geojson")
    _refused(base_store, geo, "2099", "--year")
    pc4 = tmp_path / "pc4" / "PC4_2099.csv"
    pc4.parent.mkdir()
    shutil.copy(shared_data / "postcode" / "PC4.csv", pc4)
    _refused(base_store, pc4, "2099", "--year")


# -- messages that named the wrong problem ----------------------------------------------
@pytest.mark.parametrize("title", ["Kerncijfers wijken en buurten 2023", "Kerncijfers 2023;;;"])
def test_a_title_line_above_the_header_is_named(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path, title: str
) -> None:
    """Said "not ';' separated", or listed the letters of a column name one by one."""
    header, rows = kwb
    path = _csv(tmp_path / "kwb-2023.csv", header, rows)
    path.write_bytes(title.encode() + b"\r\n" + path.read_bytes())
    line = _refused(base_store, path, "een titel erboven")
    assert "R, e, g" not in line


def test_a_duplicated_row_names_both_rows_in_dutch(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path
) -> None:
    header, rows = kwb
    path = _csv(tmp_path / "kwb-2023.csv", header, [*rows, rows[29]])
    code = rows[29][0].strip()
    _refused(base_store, path, f"gebiedscode {code} staat in rij 30 en {len(rows) + 1}")


def test_a_damaged_geopackage_gives_one_line_and_no_gdal_warning(
    base_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "wijken_2024.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    copy = tmp_path / "store.duckdb"
    shutil.copy(base_store, copy)
    code, output = _import(copy, str(path))
    assert code == 1 and "Warning" not in output and "site-packages" not in output, output


def _excel_nl(text: str, skip: int) -> str:
    """A CSV as Excel in a Dutch locale saves it: ``;`` between fields, decimal commas."""
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for number, row in enumerate(rows):
        writer.writerow(
            [c.replace(".", ",") if number >= skip and c.replace(".", "", 1).lstrip("-").isdigit()
             else c for c in row]
        )  # fmt: skip
    return out.getvalue()


def test_pc4_files_saved_by_dutch_excel_read_the_same(shared_data: Path, tmp_path: Path) -> None:
    """Were "neither a KWB file nor ... a PC4 table": `;` and decimal commas are read."""
    from kloof.sources import read

    original = shared_data / "postcode" / "PC4.csv"
    saved = tmp_path / "PC4.csv"
    saved.write_text("\ufeff" + _excel_nl(original.read_text("utf-8-sig"), skip=2), "utf-8")
    assert ";" in saved.read_text("utf-8").splitlines()[0]
    assert ",5" in saved.read_text("utf-8")  # decimal commas in the percentage columns
    a, b = read(original).observations, read(saved).observations
    pd.testing.assert_frame_equal(a, b)

    lines = shared_data / "postcode" / "pc4_gemeente_wijk_address_crosswalk_2017_2024.csv"
    text = lines.read_text("utf-8").splitlines(keepends=True)
    part = text[0] + "".join(line for line in text[1:] if line.startswith("2023,gemeente"))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    comma = tmp_path / "a" / "pc4_crosswalk.csv"
    comma.write_text(part, "utf-8")
    semicolon = tmp_path / "b" / "pc4_crosswalk.csv"
    semicolon.write_text(_excel_nl(part, skip=1), "utf-8")
    x, y = read(comma).crosswalk, read(semicolon).crosswalk
    assert x is not None and y is not None and len(x) > 4000
    pd.testing.assert_frame_equal(x, y)


def test_a_title_row_above_the_header_of_a_workbook_is_named(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path
) -> None:
    """Listed "'Kerncijfers ...', 'Unnamed: 1', ..." as the columns of the workbook."""
    import openpyxl

    header, rows = kwb
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Kerncijfers wijken en buurten 2023"])
    sheet.append(header)
    for row in rows[:40]:
        sheet.append(row)
    path = tmp_path / "kwb-2023.xlsx"
    book.save(path)
    _refused(base_store, path, "een titel erboven")


def test_a_mapped_year_column_with_a_year_to_come_is_refused(
    base_store: Path, tmp_path: Path
) -> None:
    """A year column holding 2099 (a typo for 2009 or 2019) stored figures of 2099."""
    data = tmp_path / "schulden.csv"
    data.write_text("wijkcode;jaar;schulden\nWK001400;2023;10\nWK001401;2099;12\n", "utf-8")
    spec = tmp_path / "schulden.yaml"
    spec.write_text(
        "code_column: wijkcode\nyear_column: jaar\nlevel: wijk\n"
        "columns: {schulden: households_problematic_debts}\n"
    )
    copy = tmp_path / "store.duckdb"
    shutil.copy(base_store, copy)
    before = _fingerprint(copy)
    code, output = _import(copy, str(data), "--mapping", str(spec))
    assert code == 1 and "rij 2, kolom 'jaar'" in output and "2099" in output, output
    assert "nog niet begonnen" in output
    assert _fingerprint(copy) == before


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_repeated_header_with_other_values_is_refused(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path, suffix: str
) -> None:
    """Two ``a_inw`` columns: the second was renamed ``a_inw.1`` and skipped as unknown,
    so the first was stored whatever the second said."""
    import openpyxl

    header, rows = kwb
    men = header.index("a_man") if "a_man" in header else header.index("a_hh")
    damaged = [[*r, r[men]] for r in rows]
    path = tmp_path / f"kwb-2023{suffix}"
    if suffix == ".csv":
        _csv(path, [*header, "a_inw"], damaged)
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append([*header, "a_inw"])
        for row in damaged:
            sheet.append(row)
        book.save(path)
    column = len(header) + 1
    _refused(base_store, path, f"kolommen {header.index('a_inw') + 1} en {column}", "'a_inw'")
    # the same column twice is harmless: skipped with a note
    same = _csv(tmp_path / "same" / "kwb-2023.csv", [*header, "a_inw"],
                [[*r, r[header.index("a_inw")]] for r in rows])  # fmt: skip
    code, output = _import(tmp_path / "same" / "store.duckdb", str(same))
    assert code == 0 and "herhaalt kolom" in output, output


def test_the_dutch_message_quotes_the_cell_as_the_file_writes_it(
    kwb: tuple[list[str], list[list[str]]], base_store: Path, tmp_path: Path
) -> None:
    """The Dutch line rewrote ``'1,284 x'`` as ``'1.284 x'``: not what the file holds."""
    header, rows = kwb
    i = header.index("bev_dich")
    damaged = [list(r) for r in rows]
    damaged[5][i] = "1,284 x"
    path = _csv(tmp_path / "kwb-2023.csv", header, damaged)
    _refused(base_store, path, "rij 6", "kolom 'bev_dich'", "'1,284 x'")


def test_a_utf8_file_with_a_damaged_byte_is_not_read_as_windows_1252(
    shared_data: Path, base_store: Path, tmp_path: Path
) -> None:
    """One broken byte made the whole StatLine export Windows-1252: 'SÃºdwest-FryslÃ¢n'."""
    source = shared_data / "cbs-kwb-2024" / "Kerncijfers_wijken_en_buurten_2024_geslachten.csv"
    lines = source.read_bytes().splitlines(keepends=True)
    raw = lines[0] + b"".join(line for line in lines[1:] if b"1900" in line)  # Súdwest-Fryslân
    assert "Súdwest-Fryslân".encode() in raw
    at = raw.index(b"Wijk", len(lines[0])) + 2  # in a name of a data row
    path = tmp_path / "Kerncijfers_wijken_en_buurten_2024_sf.csv"
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    _refused(base_store, path, "beschadigde byte")
