#!/usr/bin/env python3
"""Executes notebooks on the MNIST Lab Java kernel and checks them.

    run_notebooks.py [--kernel NAME] [--out DIR] NOTEBOOK_OR_DIR...

A notebook fails on any cell error (reported with its cell index and the kernel's error). A lesson notebook, one
whose name starts with two digits other than 00 (introduction) and 07 (summary), must also show at least one chart
(image/png) and one table (text/html with a <table>), end with "Try it yourself" and links, and, in quick mode,
reach 97 % test accuracy in each of its own runs (at its best epoch on validation, when it holds out validation
images), while its Try-it run must do what its "What happens" bullet says (learns: at least 90 %; diverges: below
20 %). With --require-committed-outputs, the committed notebook must also carry the outputs of a full-mode run
(./mnistlab outputs). The committed notebook is never written: the executed copy goes to --out. The last line
printed is the summary `notebooks: N passed, M failed`; the exit status is non-zero unless every notebook passed
and there was at least one.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbexec  # noqa: E402
import nbformat  # noqa: E402

LESSON_NAME = re.compile(r"^(\d\d)")
NOT_LESSONS = {"00", "10"}


NOTEBOOK_LINK = re.compile(r"\]\(([^)]+\.ipynb)\)")


def link_problems(run: nbexec.NotebookRun) -> list[str]:
    """Every notebook ends with links to its neighbours, and every link to a notebook names one that exists."""
    markdown = ["".join(c.source) for c in run.notebook.cells if c.cell_type == "markdown"]
    problems = [f"a link to {target}, which does not exist" for text in markdown
                for target in NOTEBOOK_LINK.findall(text) if not (run.path.parent / target).is_file()]
    if not markdown or not ("Previous:" in markdown[-1] or "Next:" in markdown[-1]):
        problems.append("the last cell does not link to the previous and next notebooks")
    return problems


def lesson_problems(run: nbexec.NotebookRun) -> list[str]:
    match = LESSON_NAME.match(run.path.name)
    if not match or match.group(1) in NOT_LESSONS:
        return []
    problems = []
    cells = run.notebook.cells
    try_it = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and "".join(c.source).startswith(
        "## Try it yourself")]
    if not try_it:
        problems.append("no '## Try it yourself' section")
    elif not any("Lab.tryIt(" in "".join(c.source) for c in cells[try_it[0]:] if c.cell_type == "code"):
        problems.append("'Try it yourself' has no run to compare (Lab.tryIt)")
    if not run.mime_outputs("image/png"):
        problems.append("no image/png output (a lesson shows at least one chart)")
    if not any("<table" in "".join(html).lower() for html in run.mime_outputs("text/html")):
        problems.append("no text/html table output (a lesson shows at least one table)")
    return problems


# A run's best test accuracy as Lab.describe states it: "Best test accuracy 98.91%", or, for a run that holds out
# validation images, the test accuracy of its best epoch on validation ("Best epoch on validation: 2 (validation
# 96.91%, test 97.59%)"): a smoke test's threshold, which chooses nothing.
BEST = r"Best (?:test accuracy|epoch on validation: \d+ \(validation \d+(?:\.\d+)?%, test) (\d+(?:\.\d+)?)%"
BEST_ACCURACY = re.compile(BEST)
YOURS = re.compile(r"^\* \*\*yours[^*]*:\*\*.*?" + BEST, re.MULTILINE)
QUICK_MINIMUM = 97.0
# What a Try-it run's "What happens" bullet may say, and what its quick run must then show. The engine's arithmetic
# is the same on every CPU, so the outcome is too: a lesson states it, and this checks the statement.
OUTCOMES = {"learns": lambda best: best >= 90.0, "diverges": lambda best: best < 20.0}
OUTCOME_WORDS = {"learns": "at least 90 %", "diverges": "below 20 %"}
WHAT_HAPPENS = re.compile(r"^\* \*\*What happens[^*]*\*\*(.*)$", re.MULTILINE)


def stated_outcome(run: nbexec.NotebookRun) -> str | None:
    """The outcome the Try-it section states for its run ('learns' or 'diverges'), or None."""
    cells = run.notebook.cells
    for i, c in enumerate(cells):
        text = "".join(c.source)
        if c.cell_type == "markdown" and text.startswith("## Try it yourself"):
            match = WHAT_HAPPENS.search(text)
            if not match:
                return None
            words = [w for w in OUTCOMES if re.search(r"\b" + w + r"\b", match.group(1))]
            return words[0] if len(words) == 1 else None
    return None


def quick_problems(run: nbexec.NotebookRun) -> list[str]:
    """In quick mode a lesson's own runs must still learn for real (97 %), so that their charts and mistakes teach
    something; its Try-it run must do what the lesson says it does."""
    match = LESSON_NAME.match(run.path.name)
    if os.environ.get("MNIST_LAB_MODE", "full").strip().lower() != "quick" or not match or match.group(1) in NOT_LESSONS:
        return []
    texts = ["".join(t) for t in run.mime_outputs("text/markdown")]
    yours = [float(b) for text in texts for b in YOURS.findall(text)]
    best = [float(b) for text in texts for b in BEST_ACCURACY.findall(text)]
    if not best:
        return ["no best accuracy ('Best test accuracy' or 'Best epoch on validation') in the outputs (Lab.describe or "
                "Lab.tryIt)"]
    if not yours:
        return ["no 'yours: ...' run in the outputs of Lab.tryIt"]
    for b in yours:
        best.remove(b)
    problems = [f"a quick run of the lesson reached only {b:.2f} % (quick mode must pass {QUICK_MINIMUM:.0f} %)"
                for b in best if b < QUICK_MINIMUM]
    outcome = stated_outcome(run)
    if outcome is None:
        problems.append("the Try-it section has no '* **What happens ...**' bullet saying the run learns or diverges")
    else:
        problems += [f"the Try-it run reached {b:.2f} %, but the lesson says it {outcome} "
                     f"({OUTCOME_WORDS[outcome]})" for b in yours if not OUTCOMES[outcome](b)]
    return problems


def committed_problems(path: Path) -> list[str]:
    """The committed notebook carries the outputs of a full-mode run from committed code (./mnistlab outputs)."""
    notebook = nbformat.read(path, as_version=4)
    meta = notebook.metadata.get("mnist_lab", {})
    problems = []
    if meta.get("mode") != "full":
        problems.append("the committed notebook has no full-mode outputs (make them with ./mnistlab outputs)")
    elif str(meta.get("commit", "")).endswith("-dirty"):
        problems.append("its outputs were made from uncommitted code (" + meta["commit"] + ")")
    unrun = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and c.get("execution_count") is None]
    if unrun:
        problems.append(f"code cells without outputs of a run: {unrun}")
    quick = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"
             and "quick mode" in json.dumps(c.get("outputs", [])).lower()]
    if quick:
        problems.append(f"cells whose committed outputs come from quick mode: {quick}")
    return problems


def collect(arguments: list[str]) -> tuple[list[Path], list[str]]:
    notebooks, problems = [], []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(path.glob("*.ipynb"))
            if not found:
                problems.append(f"{path} has no notebooks (*.ipynb)")
            notebooks += found
        elif path.is_file():
            notebooks.append(path)
        else:
            problems.append(f"{path} does not exist")
    return notebooks, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="notebooks, or folders whose *.ipynb to run")
    parser.add_argument("--kernel", default="mnist-lab-java", help="kernel spec name (default: %(default)s)")
    parser.add_argument("--out", default="target/executed-notebooks", help="where the executed copies go")
    parser.add_argument("--timeout", type=int, default=nbexec.CELL_TIMEOUT_S, help="seconds per cell")
    parser.add_argument("--summary-file", help="also write the summary line to this file")
    parser.add_argument("--require-committed-outputs", action="store_true",
                        help="also fail a notebook whose committed copy lacks the outputs of a full-mode run")
    args = parser.parse_args()

    notebooks, problems = collect(args.paths)
    for problem in problems:
        print(f"ERROR: {problem}", flush=True)
    passed = failed = 0
    for path in notebooks:
        committed = committed_problems(path) if args.require_committed_outputs else []
        run = nbexec.execute(path, args.kernel, Path(args.out), args.timeout)
        errors = committed + ([run.error] if run.error else []) + (
            lesson_problems(run) + link_problems(run) + quick_problems(run) if run.passed else [])
        timing = nbexec.timing(run)
        if errors:
            failed += 1
            print(f"FAIL {path.name} ({timing})", flush=True)
            for error in errors:
                print("    " + error.replace("\n", "\n    "), flush=True)
        else:
            passed += 1
            print(f"PASS {path.name} ({timing})", flush=True)
    summary = f"notebooks: {passed} passed, {failed} failed"
    print(summary, flush=True)
    if args.summary_file:
        Path(args.summary_file).write_text(summary + "\n")
    return 0 if passed and not failed and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
