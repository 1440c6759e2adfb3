"""Entry point of the ``kloof`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kloof import __version__
from kloof.cli import allocate as allocate_cmd
from kloof.cli import data as data_cmd
from kloof.cli import index as index_cmd
from kloof.cli import monitor as monitor_cmd
from kloof.cli import plans as plans_cmd
from kloof.cli import simulate as simulate_cmd
from kloof.cli import spatial as spatial_cmd
from kloof.cli import web as web_cmd
from kloof.cli._common import state

app = typer.Typer(
    name="kloof",
    help="kloof: meet, selecteer, financier, simuleer en monitor de kloof tussen wijken. "
    "(Measure, select, fund, simulate and monitor the gap between neighbourhoods.)",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(data_cmd.app, name="data")
app.add_typer(index_cmd.app, name="index")
app.add_typer(allocate_cmd.app, name="allocate")
app.add_typer(spatial_cmd.app, name="spatial")
app.command("map")(spatial_cmd.map_command)
app.command("simulate")(simulate_cmd.simulate)
app.command("serve")(web_cmd.serve)
app.command("report")(web_cmd.report)
app.add_typer(monitor_cmd.app, name="monitor")
app.add_typer(plans_cmd.app, name="plans")
app.add_typer(plans_cmd.users_app, name="users")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kloof {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    store: Annotated[
        Path | None,
        typer.Option("--store", help="Store file (default: KLOOF_STORE or ./kloof.duckdb)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Taal / language: nl (default) or en.")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Global options."""
    state.store_path = store
    state.language = lang


def main() -> None:
    """Run the CLI."""
    app()
