"""Package-level checks: light import, public API, docs examples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import kloof

ROOT = Path(__file__).resolve().parents[1]


def test_import_kloof_is_light() -> None:
    code = (
        "import sys, kloof; heavy = [m for m in ('pandas', 'duckdb', 'geopandas', 'numpy',"
        " 'scipy', 'httpx', 'typer') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_is_pinned() -> None:
    import importlib

    assert kloof.__all__ == ["__version__"]
    store = importlib.import_module("kloof.store")
    sources = importlib.import_module("kloof.sources")
    assert sorted(store.__all__) == ["IngestReport", "Store", "open_store"]
    assert sorted(sources.__all__) == ["detect", "discover", "read", "read_many"]


def test_readme_python_example_runs(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "README has a Python example"
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for block in blocks:
            code = block.replace("../shared/data", str(ROOT.parent / "shared" / "data"))
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert (tmp_path / "kloof.duckdb").exists()


def test_readme_commands_exist() -> None:
    """Every `kloof ...` line of the README names a real command (checked with --help)."""
    from typer.testing import CliRunner

    from kloof.cli.main import app

    readme = (ROOT / "README.md").read_text()
    lines = [
        ln.split("#")[0].split()
        for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
        for ln in block.splitlines()
        if ln.strip().startswith("kloof ")
    ]
    assert len(lines) > 20
    runner = CliRunner()
    for tokens in lines:
        words = [t for t in tokens[1:] if t != "en" and not t.startswith("-")]
        ok = False
        for n in (2, 1):
            result = runner.invoke(app, [*words[:n], "--help"])
            if result.exit_code == 0 and "No such command" not in result.output:
                ok = True
                break
        assert ok, f"README command not found: {' '.join(tokens)}"
