"""The layout keeps its promises: the import contracts hold and fail on a violation, pure modules
read no clock, no module borrows another's private names, modules stay small, packages say what
they hold, and the runtime wires services by construction, never by patching them afterwards.

The import rules themselves are contracts in pyproject.toml ([tool.importlinter]); CI runs
`lint-imports` on its own, and these tests show the contracts would catch a break.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def _sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "versions" not in path.parts
    )


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]["contracts"]


def _pure_modules() -> list[str]:
    (pure,) = [c for c in _contracts() if c["name"].startswith("Pure modules")]
    return pure["source_modules"]


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, so the contracts are checked against its code.
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_import_contracts_hold(tree_copy: Path) -> None:
    result = _lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # The domain is the floor: it imports nothing of ours above it.
        ("bot/domain/standing.py", "from bot.builder import coach", "bot.domain is not allowed"),
        # Capabilities are siblings: what two share moves down a floor.
        ("bot/insights/home_view.py", "from bot.checkins import messages", "bot.insights"),
        # A pure decision module holds no Slack client (the layers alone would allow it).
        ("bot/builder/coach.py", "from bot.slack.client import SlackIO", "bot.slack.client"),
        # Storage depends on the domain only.
        ("storage/reports.py", "from bot.text import ids", "bot.text"),
        # Rows stay inside storage.
        ("bot/checkins/answers.py", "from storage.models import ReportRow", "storage.models"),
    ],
)
def test_a_broken_rule_fails_the_check(
    tree_copy: Path, module: str, line: str, broken: str
) -> None:
    with (tree_copy / module).open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}  # noqa\n")
    result = _lint_imports(tree_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and broken in result.stdout


def test_the_pure_modules_exist() -> None:
    """A renamed module must not drop out of the purity contract unnoticed."""
    known = {_module(path) for path in _sources()}
    for name in _pure_modules():
        assert name in known, f"{name} is listed as pure in pyproject.toml but does not exist"


_CLOCK_CALLS = {"now", "today", "utcnow"}  # on datetime or date
_TIME_CALLS = {"time", "time_ns", "monotonic", "perf_counter"}  # on the time module


def _reads_clock(node: ast.AST) -> bool:
    """`dt.datetime.now()`, `date.today()`, `time.time()`; not `dt.time(9, 0)` or our own calls."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    attr, base = node.func.attr, node.func.value
    base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
    if attr in _CLOCK_CALLS:
        return base_name in ("datetime", "date")
    return attr in _TIME_CALLS and isinstance(base, ast.Name) and base.id == "time"


def test_pure_modules_never_read_the_clock() -> None:
    """Time comes in as `now` or `today`; a pure module that reads the clock can't be tested."""
    pure = tuple(_pure_modules())
    offenders = []
    for path in _sources():
        name = _module(path)
        if not any(name == p or name.startswith(p + ".") for p in pure):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _reads_clock(node):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    offenders.append(f"{path.relative_to(ROOT)}: {node.module}.{alias.name}")
    assert offenders == []


def test_modules_stay_small_or_say_why() -> None:
    too_long = []
    for path in _sources():
        lines = path.read_text(encoding="utf-8").count("\n")
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        if lines > MAX_LINES and f"over {MAX_LINES} lines" not in docstring:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert too_long == []


def test_every_package_says_what_it_holds_and_what_it_may_import() -> None:
    layered = {"bot", "handlers", "storage"} | {
        f"bot.{path.name}" for path in (ROOT / "bot").iterdir() if (path / "__init__.py").exists()
    }
    missing = []
    for init in sorted(p for package in PACKAGES for p in (ROOT / package).rglob("__init__.py")):
        name = _module(init)
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if not docstring:
            missing.append(f"{name}: no docstring")
        elif len(docstring.splitlines()) > 3:
            missing.append(f"{name}: a docstring of {len(docstring.splitlines())} lines")
        elif name in layered and "import" not in docstring.lower():
            missing.append(f"{name}: does not say what it may import")
    assert missing == []


def test_the_runtime_wires_services_by_construction() -> None:
    """No attribute is set on a built object (as a callback patched in after construction)."""
    patched = []
    for path in sorted((ROOT / "bot" / "runtime").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and not (
                    isinstance(target.value, ast.Name) and target.value.id == "self"
                ):
                    patched.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert patched == []
