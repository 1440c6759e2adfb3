"""Fuzz test: mangled StatLine CSV bytes give a result or one of kloof's own errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kloof.batch import OBSERVATION_COLUMNS, REGION_COLUMNS
from kloof.errors import KloofError
from kloof.sources.statline import read_statline

VALID = (
    "\ufeff"
    '"Wijken en buurten";"Regioaanduiding/Gemeentenaam (naam)";'
    '"Regioaanduiding/Soort regio (omschrijving)";"Regioaanduiding/Codering (code)";'
    '"Bevolking/Aantal inwoners (aantal)";"Bevolking/Particuliere huishoudens/'
    'Huishoudens totaal (aantal)"\r\n'
    '"Nederland";"Nederland   ";"Land      ";"NL00      ";17942942;8200000\r\n'
    '"Toydorp";"Toydorp   ";"Gemeente  ";"GM9999    ";1200;"."\r\n'
    '"Wijk 00 Centrum";"Toydorp   ";"Wijk      ";"WK999900  ";700;"300,5"\r\n'
    '"Centrum";"Toydorp   ";"Buurt     ";"BU99990000";-99997;x\r\n'
).encode("utf-8")


def _truncate(data: bytes, draw: st.DrawFn) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip_delimiters(data: bytes, draw: st.DrawFn) -> bytes:
    new = draw(st.sampled_from([b",", b"\t", b"|", b";;", b""]))
    if draw(st.booleans()):
        return data.replace(b";", new)
    i = draw(st.integers(0, max(data.count(b";") - 1, 0)))
    parts = data.split(b";")
    return b";".join(parts[: i + 1]) + new + b";".join(parts[i + 1 :])


def _insert_bytes(data: bytes, draw: st.DrawFn) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.binary(min_size=1, max_size=12)) + data[at:]


def _drop_bom(data: bytes, draw: st.DrawFn) -> bytes:
    return data.removeprefix(b"\xef\xbb\xbf")


def _garbage_row(data: bytes, draw: st.DrawFn) -> bytes:
    row = draw(st.text(alphabet=';",.x\r\n 0123456789GMWKBUNL-', max_size=40)).encode()
    lines = data.split(b"\r\n")
    at = draw(st.integers(1, len(lines)))
    return b"\r\n".join([*lines[:at], row, *lines[at:]])


def _replace_cell(data: bytes, draw: st.DrawFn) -> bytes:
    cell = draw(st.sampled_from([b"NA", b"", b'"', b"1e400", b"-1", b"nan", b"GM12", b"\x00"]))
    return data.replace(b"700", cell, 1)


MANGLERS = [_truncate, _flip_delimiters, _insert_bytes, _drop_bom, _garbage_row, _replace_cell]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = VALID
    for mangle in draw(st.lists(st.sampled_from(MANGLERS), min_size=1, max_size=3)):
        data = mangle(data, draw)
    return data


def test_valid_file_reads() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kwb_2024.csv"
        path.write_bytes(VALID)
        batch = read_statline(path)
    assert len(batch.regions) == 4
    assert batch.observations["value"].notna().sum() >= 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mangled())
def test_mangled_bytes_give_result_or_kloof_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kwb_2024.csv"
        path.write_bytes(data)
        try:
            batch = read_statline(path)
        except KloofError:
            return
    assert tuple(batch.regions.columns) == REGION_COLUMNS
    assert tuple(batch.observations.columns) == OBSERVATION_COLUMNS
    assert batch.regions["code"].is_unique
