"""Mangled KWB CSV bytes give our own errors or a valid batch, never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kloof.errors import KloofError
from kloof.sources.cbs_files import read_kwb

VALID = (
    b"gwb_code_10;regio;gm_naam;a_inw;g_wozbag;g_afs_hp\n"
    b"NL00;Nederland;Nederland;1000;300;1,5\n"
    b"GM9999;Toy;Toy;1000;300;1,5\n"
    b"WK999901;Wijk 01;Toy;600;.;0,9\n"
    b"BU99990101;Buurt A;Toy;600;-99997;x\n"
)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "swap_delim", "dup_line"]))
        if op == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif op == "insert":
            pos = draw(st.integers(0, len(data)))
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "flip" and data:
            pos = draw(st.integers(0, len(data) - 1))
            data[pos] = draw(st.integers(0, 255))
        elif op == "swap_delim":
            data = data.replace(b";", draw(st.sampled_from([b",", b"\t", b"|", b""])))
        elif op == "dup_line":
            lines = data.split(b"\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_kwb_csv(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kwb-2023.csv"
        path.write_bytes(content)
        try:
            batch = read_kwb(path)
        except KloofError:
            return
        assert len(batch.regions) == batch.regions["code"].nunique()
        assert set(batch.observations["code"]) <= set(batch.regions["code"])
