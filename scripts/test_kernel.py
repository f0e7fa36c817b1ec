#!/usr/bin/env python3
"""End-to-end test of the notebook kernel as ./mnistlab installs it.

1. `./mnistlab install-kernel`, twice, into a throw-away Jupyter data directory: the second run changes nothing,
   and `jupyter kernelspec list` there shows both kernels (JJava and rapaio), each with ONE classpath entry, the
   library jar; JJava's spec carries its own copy of the pip package's jjava.jar, rapaio's starts our launcher.
2. The smoke notebook runs on each kernel through nbclient: ND4J computes, DL4J trains a tiny network, a library
   class is found, the environment arrives, the library's display bridge knows which kernel it runs in, and a PNG
   and an HTML table come back as display outputs.
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
# The kernel ./mnistlab puts behind "Java (MNIST Lab)" (mnist-lab-java), and the other one, mnist-lab-java-NAME.
DEFAULT = os.environ.get("MNIST_LAB_KERNEL") or "jjava"
KERNELS = {impl: "mnist-lab-java" if impl == DEFAULT else f"mnist-lab-java-{impl}" for impl in ("jjava", "rapaio")}
# JJava's kernel jar as its pip package installs it into the Python running this test.
JJAVA_JAR = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java" / "jjava.jar"
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
    for name in KERNELS.values():
        check(name in specs, f"jupyter kernelspec list does not show {name}: {sorted(specs)}")
    return {impl: specs[name] for impl, name in KERNELS.items()}


def test_install(data_dir: Path, env: dict) -> None:
    first = install_kernel(env)
    for impl, installed in first.items():
        name = KERNELS[impl]
        resource_dir = Path(installed["resource_dir"])
        check(resource_dir == data_dir / "kernels" / name,
              f"kernel {name} installed in {resource_dir}, not in the Jupyter data dir {data_dir}")
        spec = installed["spec"]
        expected = "Java (MNIST Lab)" if impl == DEFAULT else f"Java (MNIST Lab, {impl})"
        check(spec["display_name"] == expected, f"{name}: display name is {spec['display_name']!r}")
        check(spec["metadata"].get("mnist_lab_kernel") == impl, f"{name} does not run {impl}: {spec['metadata']}")
        check(spec["argv"][-1] == "{connection_file}", f"argv does not end with the connection file: {spec['argv']}")
        check(spec["env"].get("MNIST_LAB_HOME") == str(ROOT), f"{name}: MNIST_LAB_HOME is not this checkout")
        launched = spec["argv"][spec["argv"].index("-jar") + 1]
        if impl == "jjava":
            check(spec["env"]["JJAVA_CLASSPATH"] == str(LIB_JAR),
                  f"JJAVA_CLASSPATH is {spec['env']['JJAVA_CLASSPATH']!r}, expected the one jar {LIB_JAR}")
            check(launched == "{resource_dir}/jjava.jar", f"{name} starts {launched}, not its own copy of jjava.jar")
            copy = resource_dir / "jjava.jar"
            check(copy.is_file() and copy.read_bytes() == JJAVA_JAR.read_bytes(),
                  f"{copy} is not the jjava.jar of the Python that installed it ({JJAVA_JAR})")
        else:
            check(spec["env"]["RJK_CLASSPATH"] == str(LIB_JAR),
                  f"RJK_CLASSPATH is {spec['env']['RJK_CLASSPATH']!r}, expected the one jar {LIB_JAR}")
            kernel_jar = Path(launched)
            check(kernel_jar.is_file(), f"kernel.json starts {kernel_jar}, which does not exist")
            check_start_up_fix(kernel_jar)
    before = {impl: (Path(i["resource_dir"]) / "kernel.json").read_bytes() for impl, i in first.items()}
    second = install_kernel(env)
    check(second == first and all((Path(i["resource_dir"]) / "kernel.json").read_bytes() == before[impl]
                                  for impl, i in second.items()),
          "installing the kernels a second time changed them")


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


def test_smoke_notebook(impl: str, out_dir: Path) -> float:
    run = nbexec.execute(SMOKE_NOTEBOOK, KERNELS[impl], out_dir)
    check(run.passed, f"{SMOKE_NOTEBOOK.name} failed on {impl}: {run.error}")
    text = run.stream_text()
    for expected in ("nd4j sum = 6.0", "history size = 0", "dl4j trained 50 parameters", f"home = {ROOT}",
                     f"mode = {os.environ.get('MNIST_LAB_MODE')}"):
        check(expected in text.splitlines(), f"the smoke notebook did not print {expected!r}; it printed:\n{text}")
    pngs = run.mime_outputs("image/png")
    check(len(pngs) == 1, f"expected one image/png output, got {len(pngs)}")
    check(base64.b64decode(pngs[0]).startswith(b"\x89PNG"), "the image/png output is not a PNG")
    tables = [h for h in run.mime_outputs("text/html") if "<table" in "".join(h).lower()]
    check(len(tables) == 1, f"expected one text/html table output, got {len(tables)}")
    check(f"kernel = {impl}" in text.splitlines(), f"the library did not see the {impl} kernel; it printed:\n{text}")
    print(f"kernel smoke notebook on {impl}: {nbexec.timing(run)}", flush=True)
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
            for impl in KERNELS:
                test_smoke_notebook(impl, ROOT / "target" / "executed-notebooks" / impl)
        except Failure as failure:
            print(f"FAIL kernel test: {failure}", flush=True)
            return 1
    print("PASS kernel test", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
