"""``kloof data reexpress``: PC4 data onto the wijken and gemeenten of a boundary year.

Registered on the ``kloof data`` group (:mod:`kloof.cli.data`); one command, one library
call (:func:`kloof.store.reexpressed.reexpress_pc4_into` per target level).
"""

from __future__ import annotations

from typing import Annotated

import typer

from kloof.cli._common import console, fail, guarded, state
from kloof.cli._output import note
from kloof.cli.data import app

__all__ = ["reexpress"]

#: Rates whose coverage the command reports.
_REPORTED = ("social_rent_pct", "owner_occupied_pct", "rent_pct")


@app.command("reexpress")
@guarded
def reexpress(
    from_: Annotated[str, typer.Option("--from", help="Level of the data to move (pc4).")] = "pc4",
    year: Annotated[int, typer.Option(help="Reference year of the PC4 data (1 January).")] = 2022,
    onto: Annotated[
        list[str] | None, typer.Option(help="wijk and/or gemeente (default: both).")
    ] = None,
    boundaries: Annotated[
        int, typer.Option(help="Boundary year of the target regions and the crosswalk.")
    ] = 2023,
    min_coverage: Annotated[
        float,
        typer.Option(help="Rates and means: least share of a region with known PC4 values."),
    ] = 0.9,
) -> None:
    """Herbereken PC4-gegevens naar wijken en gemeenten (re-express PC4 data by addresses)."""
    from kloof.store.reexpressed import reexpress_pc4_into

    if from_ != "pc4":
        raise fail(f"--from {from_}: only pc4 data can be re-expressed onto regions")
    with state.store() as store:
        for level in onto or ["wijk", "gemeente"]:
            rep = reexpress_pc4_into(
                store,
                pc4_year=year,
                onto=level,
                boundary_year=boundaries,
                min_coverage=min_coverage,
            )
            if rep.skipped:
                console.print(f"= PC4 1-1-{year} → {level} {boundaries}: already stored")
                continue
            console.print(
                f"+ PC4 1-1-{year} → {level} {boundaries}: {rep.values} values for "
                f"{rep.regions} regions ({rep.source_id})"
            )
            note(rep.location)
            if rep.kept:
                kinds = ", ".join(f"{k} {v}" for k, v in sorted(rep.kept_by_kind.items()))
                note(f"kept {rep.kept} values other imports stored before ({kinds})")
            if rep.not_in_store:
                note(f"{rep.not_in_store} crosswalk regions are not in the store for {boundaries}")
            if rep.unmatched_pc4:
                note(f"{rep.unmatched_pc4} PC4 areas have no addresses in {boundaries}")
            for ind in _REPORTED:
                if rep.missing.get(ind):
                    note(f"{ind}: no value for {rep.missing[ind]} regions (suppressed PC4 parts)")
