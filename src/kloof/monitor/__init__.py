"""Monitoring the programme: areas, series, trends, targets, evaluation and peers.

Pure analysis: every function takes frames (wide per year, index = CBS codes) and
returns frozen results; reading the store is the CLI's job (``kloof monitor``).

* :mod:`~kloof.monitor.areas`: named areas (NPLV, Dicht de kloof, your own) as YAML;
* :mod:`~kloof.monitor.aggregate`: weighted aggregation to areas and comparison groups;
* :mod:`~kloof.monitor.series`: series on one year's boundaries, gaps, baseline = 100;
* :mod:`~kloof.monitor.trends`: Theil–Sen / OLS trends, projections, required pace;
* :mod:`~kloof.monitor.targets`: targets YAML and on track / at risk / off track;
* :mod:`~kloof.monitor.evaluate`: difference-in-differences and synthetic control with
  placebo tests (:mod:`~kloof.monitor.synthetic`);
* :mod:`~kloof.monitor.peers`: the most similar regions by context and the standing;
* :mod:`~kloof.monitor.tasks`: the five NPLV tasks as domains, and what is not measured yet.
"""

from kloof.monitor.aggregate import Aggregation, Group, Rule, aggregate, comparison_groups
from kloof.monitor.areas import Area, AreaSet, builtin, list_builtin
from kloof.monitor.evaluate import Evaluation, evaluate
from kloof.monitor.peers import Peers, area_peers, peers, standing
from kloof.monitor.series import AreaSeries, build_panel, build_series, gap, rebase
from kloof.monitor.targets import Target, TargetSet, assess
from kloof.monitor.tasks import TASKS, Task, task_view
from kloof.monitor.trends import Outlook, Trend, fit, outlook

__all__ = [
    "TASKS",
    "Aggregation",
    "Area",
    "AreaSeries",
    "AreaSet",
    "Evaluation",
    "Group",
    "Outlook",
    "Peers",
    "Rule",
    "Target",
    "TargetSet",
    "Task",
    "Trend",
    "aggregate",
    "area_peers",
    "assess",
    "build_panel",
    "build_series",
    "builtin",
    "comparison_groups",
    "evaluate",
    "fit",
    "gap",
    "list_builtin",
    "outlook",
    "peers",
    "rebase",
    "standing",
    "task_view",
]
