#!/usr/bin/env python3
"""Runs the notebooks in full mode and commits their outputs into notebooks/: what GitHub and nbviewer show.

    notebook_outputs.py [--kernel NAME] [--resume] [--allow-dirty] [NOTEBOOK...]

Each notebook is executed on the real kernel with MNIST_LAB_MODE=full (the real experiment), as a copy in a
scratch folder; only when every cell passed does the executed copy replace the committed notebook (atomically), so
a failed or interrupted run loses nothing. The outputs are made from committed code: the script refuses a checkout
whose library, scripts or results differ from the last commit (--allow-dirty records "dirty" instead), and records
in the notebook's metadata (`mnist_lab`) the commit, mode, kernel and how long the kernel start, the cells and each
training cell took. --resume skips notebooks already executed in full mode from the current commit's code.

It then rewrites results/notebooks/run-times.md from the metadata of every notebook: the measured time of each
notebook and of each of its training runs, on this machine.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbexec  # noqa: E402
from kernel_starts import cpu_name  # noqa: E402  one way to name the CPU
import nbformat  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CODE_PATHS = ["lib", "kernel", "scripts", "pom.xml", "results", "mnistlab"]
TRAINING_CELL = re.compile(r"\bLab\.train\(|\bLab\.tryIt\(")
RUN_TIMES = ROOT / "results" / "notebooks" / "run-times.md"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def code_commit(allow_dirty: bool) -> str:
    """The commit whose code makes the outputs; refuses uncommitted changes to the code or the results."""
    commit = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--", *CODE_PATHS)
    if changed:
        if not allow_dirty:
            sys.exit("notebook_outputs: the code or results differ from the last commit; commit them first, so the "
                     "outputs say which code made them (or pass --allow-dirty):\n" + changed)
        return commit + "-dirty"
    return commit


def cell_seconds(cell) -> float | None:
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        start = datetime.datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    return (end - start).total_seconds()


def tidy(notebook) -> list[dict]:
    """Drops nbclient's per-cell timestamps (noise in every diff) after reading the training cells' times."""
    training = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        seconds = cell_seconds(cell)
        if TRAINING_CELL.search(cell.source) and seconds is not None:
            training.append({"cell": index, "runs": len(TRAINING_CELL.findall(cell.source)),
                             "seconds": round(seconds, 1)})
        cell.metadata.pop("execution", None)
    return training


def kernel_display_name(kernel: str) -> str:
    """E.g. "Java (MNIST Lab), jjava": the kernel's name and the Java kernel behind it."""
    from jupyter_client.kernelspec import KernelSpecManager
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except Exception:  # the run itself reports a missing kernel with its own message
        return kernel
    implementation = spec.metadata.get("mnist_lab_kernel")  # written by ./mnistlab install-kernel
    return spec.display_name + (f", {implementation}" if implementation else "")


def machine() -> str:
    """The CPU and its core count, as the run-times table names the machine a notebook ran on."""
    return f"{cpu_name()} ({platform.machine()}), {os.cpu_count()} cores"


def write_run_times(notebooks: list[Path]) -> None:
    rows = []
    for path in notebooks:
        meta = nbformat.read(path, as_version=4).metadata.get("mnist_lab")
        if not meta:
            continue
        runs = ", ".join(f"{t['seconds']:.0f} s" + (f" ({t['runs']} runs)" if t["runs"] > 1 else "")
                         for t in meta["training_cells"]) or "none"
        rows.append(f"| `{path.name}` | {meta['cells_seconds']:.0f} s | {runs} | {meta['kernel']} | "
                    f"{meta.get('machine', '?')} | `{meta['commit'][:7]}` |")
    text = ("# How long the committed notebooks took\n\n"
            "Measured by `./mnistlab outputs` (scripts/notebook_outputs.py) when it executed the committed notebooks "
            "in full mode, one notebook at a time, on the machine each row names. *Cells*: every cell of the "
            "notebook, the kernel start excluded; *training cells*: each cell that trains, in order (a lesson's own "
            "run, then its Try it yourself run). Every training ran on the Java engine with a thread per core (the "
            "notebooks' outputs print the engine line).\n\n"
            "| Notebook | Cells | Training cells | Kernel | Machine | Code |\n|---|---:|---|---|---|---|\n"
            + "\n".join(rows) + "\n")
    RUN_TIMES.parent.mkdir(parents=True, exist_ok=True)
    temporary = RUN_TIMES.with_name(RUN_TIMES.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, RUN_TIMES)


def rewrite_run_times() -> None:
    """Only the table, from the committed notebooks' metadata (after editing their text, say)."""
    write_run_times(sorted((ROOT / "notebooks").glob("*.ipynb")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: every notebook in notebooks/)")
    parser.add_argument("--kernel", default="mnist-lab-java", help="kernel spec name (default: %(default)s)")
    parser.add_argument("--resume", action="store_true", help="skip notebooks already run from this commit's code")
    parser.add_argument("--allow-dirty", action="store_true", help="run from uncommitted code (recorded as dirty)")
    args = parser.parse_args()

    commit = code_commit(args.allow_dirty)
    os.environ["MNIST_LAB_MODE"] = "full"
    for name in ("MNIST_LAB_EPOCHS", "MNIST_LAB_TRAIN_LIMIT"):  # the committed outputs are the real experiment
        os.environ.pop(name, None)
    every = sorted((ROOT / "notebooks").glob("*.ipynb"))
    chosen = [Path(p).resolve() for p in args.notebooks] or every
    failed = 0
    scratch = Path(tempfile.mkdtemp(prefix="mnistlab-outputs-"))
    for path in chosen:
        existing = nbformat.read(path, as_version=4).metadata.get("mnist_lab", {})
        if args.resume and existing.get("commit") == commit and existing.get("mode") == "full":
            print(f"SKIP {path.name} (already run from {commit[:7]})", flush=True)
            continue
        print(f"RUN  {path.name} ...", flush=True)
        started = time.monotonic()
        run = nbexec.execute(path, args.kernel, scratch)
        if not run.passed:
            failed += 1
            print(f"FAIL {path.name}: {run.error}\n     the committed notebook is unchanged; the executed copy is in "
                  f"{scratch}", flush=True)
            continue
        training = tidy(run.notebook)
        run.notebook.metadata["mnist_lab"] = {
            "mode": "full",
            "commit": commit,
            "kernel": kernel_display_name(args.kernel),
            "machine": machine(),
            "executed": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "kernel_start_seconds": round(run.startup_seconds, 1),
            "cells_seconds": round(run.cells_seconds, 1),
            "training_cells": training,
        }
        nbexec.save(run.notebook, path)
        print(f"DONE {path.name} ({nbexec.timing(run)}; training cells: "
              f"{', '.join(str(t['seconds']) + ' s' for t in training) or 'none'}; "
              f"{path.stat().st_size / 1024:.0f} KB; {time.monotonic() - started:.0f} s in all)", flush=True)
    write_run_times(every)
    print(f"outputs: {len(chosen) - failed} of {len(chosen)} notebooks; run times in "
          f"{RUN_TIMES.relative_to(ROOT)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
