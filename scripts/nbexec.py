"""Executes a notebook with nbclient on a real kernel: times the kernel start and the cells, stops at the first
cell error, and saves the executed copy elsewhere (the committed notebook is never touched)."""
from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A JVM with JShell starts in a few seconds, but a busy machine can take much longer than nbclient's 60 s default.
KERNEL_STARTUP_TIMEOUT_S = 180
CELL_TIMEOUT_S = 600


@dataclass
class NotebookRun:
    path: Path
    notebook: nbformat.NotebookNode
    startup_seconds: float | None = None
    cells_seconds: float | None = None
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None

    def outputs(self):
        for cell in self.notebook.cells:
            yield from cell.get("outputs", [])

    def mime_outputs(self, mime: str) -> list:
        return [o["data"][mime] for o in self.outputs() if mime in o.get("data", {})]

    def stream_text(self) -> str:
        return "".join(o.get("text", "") for o in self.outputs() if o.get("output_type") == "stream")


def execute(path: Path, kernel_name: str, out_dir: Path, cell_timeout: int = CELL_TIMEOUT_S) -> NotebookRun:
    """Runs every cell of the notebook at `path` (working directory: its folder) and writes the executed copy
    to `out_dir`."""
    notebook = nbformat.read(path, as_version=4)
    run = NotebookRun(path, notebook)
    client = NotebookClient(notebook, kernel_name=kernel_name, timeout=cell_timeout,
                            startup_timeout=KERNEL_STARTUP_TIMEOUT_S,
                            resources={"metadata": {"path": str(path.parent)}})
    kernel_log = out_dir / (path.stem + ".kernel.log")
    index = None
    try:
        run.startup_seconds = start_kernel(client, kernel_log)
        with client.setup_kernel():  # adopts the started kernel, shuts it down at the end
            cells_started = time.monotonic()
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
            run.cells_seconds = time.monotonic() - cells_started
    except Exception as e:  # a cell error, a cell timeout, a dead kernel or a kernel that never started
        if index is None:
            run.error = f"kernel start: {describe_error(None, e)} (kernel log: {kernel_log})"
        else:
            run.error = f"cell {index}: {describe_error(notebook.cells[index], e)}"
    finally:
        save(notebook, out_dir / path.name)
    return run


def timing(run: NotebookRun) -> str:
    parts = []
    if run.startup_seconds is not None:
        parts.append(f"kernel start {run.startup_seconds:.1f} s")
    if run.cells_seconds is not None:
        parts.append(f"cells {run.cells_seconds:.1f} s")
    return ", ".join(parts)


def start_kernel(client: NotebookClient, log: Path) -> float:
    """Starts the notebook's kernel and waits until it answers; returns the seconds that took. The kernel's own
    output (start-up chatter, Java logging) goes to `log`, not into the test output."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    client.km = client.create_kernel_manager()
    with open(log, "w") as kernel_output:  # the kernel process keeps its own descriptor
        client.start_new_kernel(stdout=kernel_output, stderr=subprocess.STDOUT)
    client.start_new_kernel_client()
    return time.monotonic() - started


def describe_error(cell, exception: Exception) -> str:
    """The kernel's own error output where there is one (ename, evalue, traceback), else the exception."""
    errors = [o for o in (cell or {}).get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        error = errors[-1]
        trace = "\n".join(ANSI_ESCAPE.sub("", line) for line in error.get("traceback", []))
        source = cell.get("source", "").strip().splitlines()
        first_line = source[0] if source else ""
        return f"{error.get('ename')}: {error.get('evalue')}\n    in: {first_line}\n{trace}".rstrip()
    return f"{type(exception).__name__}: {ANSI_ESCAPE.sub('', str(exception)).strip()}"


def save(notebook, target: Path) -> None:
    """Atomically, so that an interrupted run never leaves half a notebook."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    nbformat.write(notebook, temporary)
    os.replace(temporary, target)
