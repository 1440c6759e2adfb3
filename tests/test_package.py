"""Package-level checks: light import, public API, docs examples."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


#: The public names of the packages whose API other tests do not pin (index, spatial
#: and monitor are pinned in their own tests).
PUBLIC = {
    "kloof.allocation": [
        "Allocation", "AllocationRule", "Bound", "Dampening", "DataSpec", "Explanation",
        "Factor", "InfeasibleRuleError", "KEYS", "KeyEntry", "Line", "Measure", "NeedSpec",
        "RecipientSource", "Robustness", "SCENARIOS", "Schedule", "Selection", "Sensitivity",
        "TRANSFORMS", "Tier", "TierResult", "allocate", "allocate_schedule", "allocate_year",
        "check", "compare", "explain", "explanation_table", "largest_remainder",
        "poisson_draws", "resolve", "robustness", "scenario", "scenario_key", "sensitivity",
        "transform_need",
    ],
    "kloof.housing": [
        "ExperimentResult", "HousingModel", "InitialState", "POLICIES", "RunResult",
        "Scenario", "displacement", "initial_state", "list_shipped", "new_concentrations",
        "run", "run_experiment", "shipped",
    ],
    "kloof.report": [
        "FORMATS", "FrameCache", "Profile", "ProfileRow", "ReportError", "Target",
        "UnknownTargetError", "build_profile", "html_to_pdf", "make_profile", "render_html",
        "render_profile_file", "render_set", "resolve_target", "write_xlsx",
    ],
    "kloof.app": ["FrameCache", "geometry", "indexing", "years"],
}  # fmt: skip


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_package_api_is_pinned(package: str) -> None:
    import importlib

    module = importlib.import_module(package)
    assert sorted(module.__all__) == PUBLIC[package]
    assert all(hasattr(module, name) for name in module.__all__)


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
