#!/usr/bin/env python3
"""Start-up time and reliability of Java kernels (the lab's JJava, or any other spec), measured the way Jupyter uses them.

    kernel_starts.py [--starts 25] [--kernels SPEC,SPEC] [--busy] [--out DIR]

Each start is a fresh kernel process from its installed kernel spec (jupyter_client's KernelManager, as JupyterLab
and nbclient start it): the time until it answers kernel_info ("start"), then the time of a first cell that loads the
MNIST Lab library and asks its display bridge which kernel it runs in ("first cell"). A start fails when the kernel
does not answer within --timeout seconds, dies, or the cell errs or prints another kernel. Starts alternate between
the kernels so both see the machine in the same state. --busy keeps every core busy meanwhile (one spinning process
per core), the state in which a start-up race shows. Writes OUT/starts.json (every start, the machine, the load)
and OUT/starts.md (the summary table), each replaced atomically, and prints the table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import statistics
import sys
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

CELL = 'System.out.println("kernel=" + org.mnistlab.notebook.Display.auto().kernel().orElse("none"));'


def one_start(name: str, timeout: float) -> dict:
    km = KernelManager(kernel_name=name)
    started = time.monotonic()
    result: dict = {"kernel": name}
    try:
        km.start_kernel()
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=timeout)
            result["start_s"] = round(time.monotonic() - started, 3)
            cell_started = time.monotonic()
            msg_id = client.execute(CELL)
            output, error, deadline = "", None, cell_started + timeout
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    error = f"no reply to the first cell in {timeout:.0f} s"
                    break
                try:
                    msg = client.get_iopub_msg(timeout=remaining)
                except queue.Empty:
                    continue
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "stream":
                    output += content["text"]
                elif kind == "error":
                    error = f"{content['ename']}: {content['evalue']}"
                elif kind == "status" and content["execution_state"] == "idle":
                    break
            result["first_cell_s"] = round(time.monotonic() - cell_started, 3)
            result["output"] = output.strip()[:4000]
            if error is None and (not output.strip().startswith("kernel=") or output.strip() == "kernel=none"):
                first_line = output.strip().splitlines()[0] if output.strip() else "nothing"
                error = f"the first cell printed {first_line[:200]!r}"
            if error:
                result["failure"] = error
        except RuntimeError as e:  # wait_for_ready: no answer or the kernel died
            result["failure"] = f"no kernel_info reply: {e}"
        finally:
            client.stop_channels()
    except Exception as e:  # noqa: BLE001 - any failure to start counts, with its reason
        result["failure"] = f"{type(e).__name__}: {e}"
    finally:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001
            pass
    return result


def spin() -> None:
    while True:
        pass


def summarise(runs: list[dict], kernels: dict[str, str]) -> list[dict]:
    rows = []
    for name, impl in kernels.items():
        mine = [r for r in runs if r["kernel"] == name]
        ok = [r for r in mine if "failure" not in r]
        starts = [r["start_s"] for r in ok]
        cells = [r["first_cell_s"] for r in ok]
        rows.append({"kernel": impl, "spec": name, "starts": len(mine), "failures": len(mine) - len(ok),
                     "start_median_s": round(statistics.median(starts), 2) if starts else None,
                     "start_max_s": round(max(starts), 2) if starts else None,
                     "first_cell_median_s": round(statistics.median(cells), 2) if cells else None,
                     "first_cell_max_s": round(max(cells), 2) if cells else None,
                     "reasons": sorted({r["failure"] for r in mine if "failure" in r})})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| Kernel | Starts | Failures | Start, median | Start, max | First cell, median | First cell, max |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    fmt = lambda v: "–" if v is None else f"{v:.2f} s"  # noqa: E731
    for r in rows:
        lines.append(f"| {r['kernel']} | {r['starts']} | {r['failures']} | {fmt(r['start_median_s'])} | "
                     f"{fmt(r['start_max_s'])} | {fmt(r['first_cell_median_s'])} | {fmt(r['first_cell_max_s'])} |")
    return "\n".join(lines) + "\n"


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def measure(a, kernels: dict[str, str], runs: list[dict]) -> None:
    for i in range(a.starts):
        for name in kernels:
            r = one_start(name, a.timeout)
            runs.append(r)
            status = r.get("failure") or f"start {r['start_s']:.2f} s, first cell {r['first_cell_s']:.2f} s"
            print(f"{i + 1:2d}/{a.starts} {kernels[name]:7s} {status}", flush=True)


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--starts", type=int, default=25)
    p.add_argument("--kernels", help="kernel spec names (default: every spec ./mnistlab installed)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for an answer")
    p.add_argument("--busy", action="store_true", help="keep every core busy while measuring")
    p.add_argument("--out", type=Path, help="folder for starts.json and starts.md")
    a = p.parse_args()
    specs = KernelSpecManager()
    kernels = {}
    names = a.kernels.split(",") if a.kernels else sorted(specs.find_kernel_specs())
    for name in names:
        spec = specs.get_kernel_spec(name)
        if a.kernels or "mnist_lab_kernel" in spec.metadata:
            kernels[name] = spec.metadata.get("mnist_lab_kernel", name)
    spinners = []
    if a.busy:
        import multiprocessing
        spinners = [multiprocessing.Process(target=spin, daemon=True) for _ in range(os.cpu_count() or 1)]
        for spinner in spinners:
            spinner.start()
    runs = []
    try:
        measure(a, kernels, runs)
    finally:
        for spinner in spinners:
            spinner.terminate()
    rows = summarise(runs, kernels)
    text = table(rows)
    print(text, end="")
    if a.out:
        a.out.mkdir(parents=True, exist_ok=True)
        load = os.getloadavg()
        machine = {"cpu": cpu_name(), "cores": os.cpu_count(), "busy": a.busy,
                   "load_average_at_end": [round(x, 2) for x in load], "python": sys.version.split()[0]}
        write_atomic(a.out / "starts.json", json.dumps({"machine": machine, "summary": rows, "runs": runs},
                                                       indent=2) + "\n")
        write_atomic(a.out / "starts.md", text)
    return 0 if all(r["failures"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
