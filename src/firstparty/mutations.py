"""Mutation harness: every governance rule has a test that fails when the rule is removed.

The registry (`mutations/governance.yml`) lists one entry per rule: the edits that remove or break it
(exact `find` text, each occurring exactly once in its file, and its `replace` text), optional `setup`
commands that rebuild what the edit changes, and the `must_fail` commands (dbt selections or pytest node
ids) that prove the rule. For every selected entry, in a copy of the project's git-tracked files:

- baseline: with no edit, every setup and must_fail command must pass;
- mutant: with the entry's edits applied, every setup command must still succeed and every must_fail
  command must fail a test (not error: a compilation error proves nothing). Only then is the rule
  `caught`; otherwise it is `NOT CAUGHT`, `baseline failed`, `edit not found`, `setup failed` or
  `check errored`, and the command exits non-zero.

The project is built once (seeds and models, `--target test`, no tests) into a DuckDB file inside a
copy; each rule's baseline and mutant start from their own copy of that built copy, so they only re-run
what their commands select (`--jobs` of them at once). The working tree is never edited.

Run `python -m firstparty.mutations` (or `make mutations`); `--only id,id` runs some entries, `--list`
prints them, command logs go to target/mutations/<rule>/.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
REGISTRY = Path("mutations") / "governance.yml"
# Relative to each copy's root, so every copy has the same profile and dbt can parse partially.
DB_PATH = "target/mutations.duckdb"
BUILD = "dbt build --exclude-resource-type test --exclude-resource-type unit_test"

CAUGHT = "caught"
NOT_CAUGHT = "NOT CAUGHT"
BASELINE_FAILED = "baseline failed"
EDIT_NOT_FOUND = "edit not found"
SETUP_FAILED = "setup failed"
CHECK_ERRORED = "check errored"


class RegistryError(ValueError):
    """The registry is malformed: a missing field, a duplicate id, a command that is not dbt or pytest."""


class EditNotFoundError(ValueError):
    """An edit's find text does not occur exactly once in its file."""


@dataclass(frozen=True)
class Edit:
    file: str
    find: str
    replace: str


@dataclass(frozen=True)
class Rule:
    id: str
    rule: str
    issue_point: str
    edits: tuple[Edit, ...]
    must_fail: tuple[str, ...]
    setup: tuple[str, ...] = ()


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: '{key}' must be a non-empty string")
    return value


def _commands(entry: dict, key: str, where: str, required: bool) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or (required and not value):
        raise RegistryError(f"{where}: '{key}' must be a {'non-empty ' if required else ''}list of commands")
    for command in value:
        if not isinstance(command, str) or not command.split() or command.split()[0] not in ("dbt", "pytest"):
            raise RegistryError(f"{where}: {key} command {command!r} must start with dbt or pytest")
    return tuple(value)


def parse_registry(data: object) -> list[Rule]:
    """Rules from the registry's parsed YAML, validated."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise RegistryError("the registry must be a mapping with a non-empty list under 'rules'")
    rules, seen = [], set()
    for index, entry in enumerate(data["rules"]):
        where = f"rules[{index}]"
        if not isinstance(entry, dict):
            raise RegistryError(f"{where}: must be a mapping")
        rule_id = _text(entry, "id", where)
        where = f"rule {rule_id}"
        if rule_id in seen:
            raise RegistryError(f"{where}: duplicate id")
        seen.add(rule_id)
        edits = entry.get("edits")
        if not isinstance(edits, list) or not edits:
            raise RegistryError(f"{where}: 'edits' must be a non-empty list of {{file, find, replace}}")
        parsed_edits = []
        for edit in edits:
            if not isinstance(edit, dict) or not isinstance(edit.get("replace"), str):
                raise RegistryError(f"{where}: every edit needs file, find and replace (replace may be '')")
            parsed = Edit(_text(edit, "file", where), _text(edit, "find", where), edit["replace"])
            if parsed.find == parsed.replace:
                raise RegistryError(f"{where}: an edit whose replace equals its find changes nothing")
            parsed_edits.append(parsed)
        rules.append(
            Rule(
                id=rule_id,
                rule=_text(entry, "rule", where),
                issue_point=_text(entry, "issue_point", where),
                edits=tuple(parsed_edits),
                must_fail=_commands(entry, "must_fail", where, required=True),
                setup=_commands(entry, "setup", where, required=False),
            )
        )
    return rules


def load_registry(path: Path = REPO_ROOT / REGISTRY) -> list[Rule]:
    return parse_registry(yaml.safe_load(path.read_text()))


def select_rules(rules: Sequence[Rule], only: str | None) -> list[Rule]:
    if not only:
        return list(rules)
    wanted = [name.strip() for name in only.split(",") if name.strip()]
    unknown = sorted(set(wanted) - {rule.id for rule in rules})
    if unknown:
        raise RegistryError(f"--only names unknown rules: {unknown}")
    return [rule for rule in rules if rule.id in wanted]


def edit_problems(root: Path, edits: Iterable[Edit]) -> list[str]:
    """Why the edits cannot be applied to the tree at `root` (each find must occur exactly once)."""
    problems = []
    for edit in edits:
        path = root / edit.file
        if not path.is_file():
            problems.append(f"{edit.file}: no such file")
            continue
        count = path.read_text().count(edit.find)
        if count != 1:
            problems.append(f"{edit.file}: find text occurs {count} times, not once: {edit.find[:80]!r}")
    return problems


def apply_edits(root: Path, edits: Sequence[Edit]) -> None:
    """Apply the edits in order to the tree at `root`; raise EditNotFoundError unless each find is unique."""
    for edit in edits:
        problems = edit_problems(root, [edit])
        if problems:
            raise EditNotFoundError("; ".join(problems))
        path = root / edit.file
        path.write_text(path.read_text().replace(edit.find, edit.replace, 1))


PASSED = "passed"
FAILED = "failed"
ERRORED = "errored"


@dataclass
class CommandResult:
    """One command's run. `result` is passed, failed (a test ran and failed) or errored (anything else)."""

    command: str
    returncode: int
    seconds: float
    log: Path
    result: str = ""

    def __post_init__(self) -> None:
        if not self.result:
            self.result = PASSED if self.returncode == 0 else ERRORED

    @property
    def succeeded(self) -> bool:
        return self.result == PASSED


@dataclass
class Outcome:
    """What one run of a rule's commands did (baseline or mutant)."""

    setup: list[CommandResult] = field(default_factory=list)
    checks: list[CommandResult] = field(default_factory=list)
    edit_error: str | None = None


def verdict(baseline: Outcome, mutant: Outcome) -> str:
    """caught only when the unmutated project passes every command and every check fails on the mutant.

    A check that errors on the mutant (a compilation error, a crashed fixture, no test selected) proves
    nothing about the rule: the rule is then `check errored`, not caught.
    """
    if mutant.edit_error:
        return EDIT_NOT_FOUND
    if not all(result.succeeded for result in baseline.setup + baseline.checks):
        return BASELINE_FAILED
    if not all(result.succeeded for result in mutant.setup):
        return SETUP_FAILED
    if any(result.result == ERRORED for result in mutant.checks):
        return CHECK_ERRORED
    if mutant.checks and all(result.result == FAILED for result in mutant.checks):
        return CAUGHT
    return NOT_CAUGHT


def command_argv(command: str, report: Path | None = None) -> list[str]:
    """The argv of a registry command: dbt with --target test unless given, pytest with this Python.

    pytest writes a JUnit XML `report` (when given) so that failed tests can be told from errors.
    """
    words = shlex.split(command)
    bin_dir = Path(sys.executable).parent
    if words[0] == "dbt":
        target = [] if "--target" in words else ["--target", "test"]
        return [str(bin_dir / "dbt"), *words[1:], *target]
    if words[0] == "pytest":
        junit = [f"--junitxml={report}"] if report else []
        return [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *junit, *words[1:]]
    raise RegistryError(f"command {command!r} must start with dbt or pytest")


def dbt_result(returncode: int, run_results: Path, started: float) -> str:
    """passed; failed when every node dbt ran passed or failed a test (unit or data), some failing;
    else errored (compilation or runtime errors, or no run_results written by this command)."""
    if returncode == 0:
        return PASSED
    if not run_results.is_file() or run_results.stat().st_mtime < started:
        return ERRORED
    statuses = {node["status"] for node in json.loads(run_results.read_text())["results"]}
    return FAILED if "fail" in statuses and statuses <= {"pass", "fail", "warn", "success"} else ERRORED


def pytest_result(returncode: int, report: Path) -> str:
    """passed; failed when some selected test failed and none errored (JUnit XML); else errored."""
    if returncode == 0:
        return PASSED
    if returncode != 1 or not report.is_file():
        return ERRORED
    suites = ElementTree.parse(report).getroot().iter("testsuite")
    counts = [(int(s.get("failures", 0)), int(s.get("errors", 0))) for s in suites]
    failures, errors = sum(c[0] for c in counts), sum(c[1] for c in counts)
    return FAILED if failures and not errors else ERRORED


def environment(root: Path) -> dict[str, str]:
    """The commands' environment: this one, with the copy's own profile, DuckDB file and Python sources."""
    env = dict(os.environ)
    env.update(
        FIRSTPARTY_DUCKDB_PATH=DB_PATH,
        DBT_PROFILES_DIR=str(root),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(root / "src"), env.get("PYTHONPATH")])),
    )
    return env


def run_command(command: str, root: Path, log: Path) -> CommandResult:
    log.parent.mkdir(parents=True, exist_ok=True)
    report = log.with_suffix(".xml")
    started, wall_started = time.monotonic(), time.time()
    with log.open("w") as handle:
        handle.write(f"$ {command}\n")
        handle.flush()
        completed = subprocess.run(
            command_argv(command, report),
            cwd=root,
            env=environment(root),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    if command.startswith("dbt"):
        result = dbt_result(completed.returncode, root / "target" / "run_results.json", wall_started)
    else:
        result = pytest_result(completed.returncode, report)
    return CommandResult(command, completed.returncode, time.monotonic() - started, log, result)


def tracked_files(repo: Path) -> list[str]:
    """The repository's git-tracked files that exist in the working tree."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True)
    names = [name.decode() for name in listed.stdout.split(b"\0") if name]
    return [name for name in names if (repo / name).is_file()]


def copy_project(repo: Path, destination: Path) -> None:
    """The git-tracked files of `repo` (as they are in the working tree) into an empty `destination`."""
    for name in tracked_files(repo):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, target)


def run_rule(rule: Rule, built: Path, work: Path, logs: Path, mutate: bool) -> Outcome:
    """Copy the built project, apply the rule's edits if `mutate`, run setup then checks."""
    kind = "mutant" if mutate else "baseline"
    root = work / f"{rule.id}-{kind}"
    shutil.copytree(built, root, symlinks=True)
    outcome = Outcome()
    if mutate:
        try:
            apply_edits(root, rule.edits)
        except EditNotFoundError as error:
            outcome.edit_error = str(error)
            return outcome
    for index, command in enumerate([*rule.setup, *rule.must_fail]):
        result = run_command(command, root, logs / rule.id / f"{kind}-{index:02d}.log")
        (outcome.setup if index < len(rule.setup) else outcome.checks).append(result)
    shutil.rmtree(root, ignore_errors=True)
    return outcome


def build_project(repo: Path, built: Path, logs: Path) -> CommandResult:
    copy_project(repo, built)
    return run_command(BUILD, built, logs / "build.log")


def describe(rule: Rule, status: str, baseline: Outcome, mutant: Outcome) -> str:
    """Why a rule got its status, for the lines after a rule that was not caught."""
    if status == EDIT_NOT_FOUND:
        return mutant.edit_error or ""
    if status == BASELINE_FAILED:
        failed = [r for r in baseline.setup + baseline.checks if not r.succeeded]
        return "; ".join(f"{r.command} failed without the edit (log {r.log})" for r in failed)
    if status == SETUP_FAILED:
        failed = [r for r in mutant.setup if not r.succeeded]
        return "; ".join(f"setup {r.command} failed with the edit (log {r.log})" for r in failed)
    if status == CHECK_ERRORED:
        failed = [r for r in mutant.checks if r.result == ERRORED]
        return "; ".join(f"{r.command} errored instead of failing a test (log {r.log})" for r in failed)
    if status == NOT_CAUGHT:
        passed = [r for r in mutant.checks if r.succeeded]
        return "; ".join(f"{r.command} still passes with the edit (log {r.log})" for r in passed)
    return ""


def run(
    rules: Sequence[Rule],
    repo: Path,
    logs: Path,
    jobs: int = 1,
    echo: Callable[[str], None] = print,
) -> dict[str, str]:
    """Run the harness; returns {rule id: status} and prints one line per rule."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="firstparty-mutations-") as temp:
        work = Path(temp)
        built = work / "built"
        problems = {rule.id: edit_problems(repo, rule.edits) for rule in rules}
        echo(f"building the project once into {DB_PATH} of a copy (log {logs / 'build.log'}) ...")
        build = build_project(repo, built, logs)
        if not build.succeeded:
            echo(f"the unmutated project does not build: see {build.log}")
            return {rule.id: BASELINE_FAILED for rule in rules}
        echo(f"built in {build.seconds:.0f} s; each rule: its commands without the edit, then with it ...")

        def attempt(rule: Rule, mutate: bool) -> Outcome:
            if mutate and problems[rule.id]:
                return Outcome(edit_error="; ".join(problems[rule.id]))
            return run_rule(rule, built, work, logs, mutate=mutate)

        statuses = {}
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [
                (rule, pool.submit(attempt, rule, False), pool.submit(attempt, rule, True)) for rule in rules
            ]
            for rule, baseline_future, mutant_future in futures:
                baseline, mutant = baseline_future.result(), mutant_future.result()
                status = verdict(baseline, mutant)
                statuses[rule.id] = status
                seconds = sum(r.seconds for r in mutant.setup + mutant.checks)
                echo(f"{status:<16} {rule.id:<56} {seconds:6.0f} s")
                detail = describe(rule, status, baseline, mutant)
                if detail:
                    echo(f"{'':<17}{detail}")
    caught = sum(status == CAUGHT for status in statuses.values())
    echo(f"{caught} of {len(statuses)} rules caught; wall time {time.monotonic() - started:.0f} s")
    return statuses


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m firstparty.mutations", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--registry", type=Path, default=REPO_ROOT / REGISTRY)
    parser.add_argument("--only", help="comma-separated rule ids (default: every rule)")
    parser.add_argument("--jobs", type=int, default=1, help="baseline or mutant runs at once")
    parser.add_argument("--logs", type=Path, default=REPO_ROOT / "target" / "mutations", help="command logs")
    parser.add_argument("--list", action="store_true", help="print the rules and exit")
    args = parser.parse_args(argv)
    try:
        rules = select_rules(load_registry(args.registry), args.only)
    except RegistryError as error:
        print(f"mutations: {error}", file=sys.stderr)
        return 2
    if args.list:
        for rule in rules:
            print(f"{rule.id:<56} {rule.issue_point}")
        return 0
    shutil.rmtree(args.logs, ignore_errors=True)
    statuses = run(rules, REPO_ROOT, args.logs, jobs=args.jobs)
    return 0 if all(status == CAUGHT for status in statuses.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
