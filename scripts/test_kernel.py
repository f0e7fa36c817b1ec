#!/usr/bin/env python3
"""End-to-end test of the notebook kernel as ./mnistlab installs it.

1. `./mnistlab install-kernel`, twice, into a throw-away Jupyter data directory: the second run changes nothing,
   and `jupyter kernelspec list` there shows the kernel with ONE classpath entry, the library jar.
2. The smoke notebook runs on that kernel through nbclient: ND4J computes, DL4J trains a tiny network, a library
   class is found, the environment arrives, and a PNG and an HTML table come back as display outputs.
Prints the kernel's start-up time; exits non-zero with the reason on any failure.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbexec  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KERNEL_NAME = "mnist-lab-java"
LIB_JAR = ROOT / "lib" / "target" / "mnist-lab.jar"
SMOKE_NOTEBOOK = ROOT / "lib" / "src" / "test" / "notebooks" / "kernel-smoke.ipynb"


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def install_kernel(env: dict) -> dict:
    result = subprocess.run([str(ROOT / "mnistlab"), "install-kernel"], env=env, capture_output=True, text=True)
    check(result.returncode == 0, f"./mnistlab install-kernel failed:\n{result.stdout}{result.stderr}")
    listing = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], env=env,
                             capture_output=True, text=True)
    check(listing.returncode == 0, f"jupyter kernelspec list failed: {listing.stderr}")
    specs = json.loads(listing.stdout)["kernelspecs"]
    check(KERNEL_NAME in specs, f"jupyter kernelspec list does not show {KERNEL_NAME}: {sorted(specs)}")
    return specs[KERNEL_NAME]


def test_install(data_dir: Path, env: dict) -> None:
    first = install_kernel(env)
    resource_dir = Path(first["resource_dir"])
    check(resource_dir == data_dir / "kernels" / KERNEL_NAME,
          f"kernel installed in {resource_dir}, not in the Jupyter data dir {data_dir}")
    spec = first["spec"]
    check(spec["display_name"] == "Java (MNIST Lab)", f"display name is {spec['display_name']!r}")
    classpath = spec["env"]["RJK_CLASSPATH"]
    check(classpath == str(LIB_JAR), f"RJK_CLASSPATH is {classpath!r}, expected the one jar {LIB_JAR}")
    kernel_jar = Path(spec["argv"][spec["argv"].index("-jar") + 1])
    check(kernel_jar.is_file(), f"kernel.json starts {kernel_jar}, which does not exist")
    check_start_up_fix(kernel_jar)
    check(spec["argv"][-1] == "{connection_file}", f"argv does not end with the connection file: {spec['argv']}")
    before = (resource_dir / "kernel.json").read_bytes()
    second = install_kernel(env)
    check(second == first and (resource_dir / "kernel.json").read_bytes() == before,
          "installing the kernel a second time changed it")


def check_start_up_fix(kernel_jar: Path) -> None:
    """The launcher jar the kernel spec starts carries the project's LoopThread (the start-up race fix), not the
    stock one of rapaio-jupyter-kernel 3.0.1: its class file is byte for byte the one the kernel module compiled."""
    entry = "org/rapaio/jupyter/kernel/channels/LoopThread.class"
    ours = ROOT / "kernel" / "target" / "classes" / entry
    check(ours.is_file(), f"{ours} is missing: build the kernel module first")
    with zipfile.ZipFile(kernel_jar) as jar:
        check(entry in jar.namelist(), f"{kernel_jar} has no {entry}")
        check(jar.read(entry) == ours.read_bytes(),
              f"{kernel_jar} holds another {entry} than the one compiled from kernel/src: the start-up fix is lost")


def test_smoke_notebook(out_dir: Path) -> float:
    run = nbexec.execute(SMOKE_NOTEBOOK, KERNEL_NAME, out_dir)
    check(run.passed, f"{SMOKE_NOTEBOOK.name} failed: {run.error}")
    text = run.stream_text()
    for expected in ("nd4j sum = 6.0", "history size = 0", "dl4j trained 50 parameters", f"home = {ROOT}",
                     f"mode = {os.environ.get('MNIST_LAB_MODE')}"):
        check(expected in text.splitlines(), f"the smoke notebook did not print {expected!r}; it printed:\n{text}")
    pngs = run.mime_outputs("image/png")
    check(len(pngs) == 1, f"expected one image/png output, got {len(pngs)}")
    check(base64.b64decode(pngs[0]).startswith(b"\x89PNG"), "the image/png output is not a PNG")
    tables = [h for h in run.mime_outputs("text/html") if "<table" in "".join(h).lower()]
    check(len(tables) == 1, f"expected one text/html table output, got {len(tables)}")
    print(f"kernel smoke notebook: {nbexec.timing(run)}", flush=True)
    return run.startup_seconds


def main() -> int:
    os.environ.setdefault("MNIST_LAB_MODE", "quick")  # the smoke notebook prints it back
    with tempfile.TemporaryDirectory(prefix="mnistlab-kernel-test.") as temporary:
        data_dir = Path(temporary) / "data"
        env = dict(os.environ, JUPYTER_DATA_DIR=str(data_dir), JUPYTER_PATH=str(data_dir),
                   JUPYTER_CONFIG_DIR=str(Path(temporary) / "config"),
                   JUPYTER_RUNTIME_DIR=str(Path(temporary) / "runtime"), MNIST_LAB_PYTHON=sys.executable)
        env.pop("MNIST_LAB_KERNEL_PREFIX", None)
        try:
            test_install(data_dir, env)
            os.environ.update({k: env[k] for k in ("JUPYTER_DATA_DIR", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR",
                                                   "JUPYTER_RUNTIME_DIR")})
            test_smoke_notebook(ROOT / "target" / "executed-notebooks")
        except Failure as failure:
            print(f"FAIL kernel test: {failure}", flush=True)
            return 1
    print("PASS kernel test", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
