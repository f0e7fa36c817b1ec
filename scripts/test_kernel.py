#!/usr/bin/env python3
"""End-to-end test of the notebook kernel as ./mnistlab installs it.

1. `./mnistlab install-kernel`, twice, into a throw-away Jupyter data directory: the second run changes nothing,
   and `jupyter kernelspec list` there shows "Java (MNIST Lab)" on JJava with ONE classpath entry, the library jar,
   and its own copy of the pip package's jjava.jar; a spec an older checkout left beside it (rapaio's) is gone.
2. The smoke notebook runs on the kernel through nbclient: ND4J computes, DL4J trains a tiny network, a library
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbexec  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "mnist-lab-java"
# What an older checkout installed beside it; ./mnistlab install-kernel removes it.
OLD_KERNEL = "mnist-lab-java-rapaio"
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
    check(KERNEL in specs, f"jupyter kernelspec list does not show {KERNEL}: {sorted(specs)}")
    check(OLD_KERNEL not in specs, f"{OLD_KERNEL}, left by an older checkout, is still installed: {sorted(specs)}")
    return specs[KERNEL]


def test_install(data_dir: Path, env: dict) -> None:
    old = data_dir / "kernels" / OLD_KERNEL
    old.mkdir(parents=True)
    (old / "kernel.json").write_text(json.dumps({"argv": ["java", "-jar", "/gone/mnist-lab-kernel.jar",
                                                          "{connection_file}"],
                                                 "display_name": "Java (MNIST Lab, rapaio)", "language": "java"}))
    installed = install_kernel(env)
    resource_dir = Path(installed["resource_dir"])
    check(resource_dir == data_dir / "kernels" / KERNEL,
          f"kernel {KERNEL} installed in {resource_dir}, not in the Jupyter data dir {data_dir}")
    spec = installed["spec"]
    check(spec["display_name"] == "Java (MNIST Lab)", f"{KERNEL}: display name is {spec['display_name']!r}")
    check(spec["metadata"].get("mnist_lab_kernel") == "jjava", f"{KERNEL} does not run JJava: {spec['metadata']}")
    check(spec["argv"][-1] == "{connection_file}", f"argv does not end with the connection file: {spec['argv']}")
    check(spec["env"].get("MNIST_LAB_HOME") == str(ROOT), f"{KERNEL}: MNIST_LAB_HOME is not this checkout")
    check(spec["env"]["JJAVA_CLASSPATH"] == str(LIB_JAR),
          f"JJAVA_CLASSPATH is {spec['env']['JJAVA_CLASSPATH']!r}, expected the one jar {LIB_JAR}")
    launched = spec["argv"][spec["argv"].index("-jar") + 1]
    check(launched == "{resource_dir}/jjava.jar", f"{KERNEL} starts {launched}, not its own copy of jjava.jar")
    copy = resource_dir / "jjava.jar"
    check(copy.is_file() and copy.read_bytes() == JJAVA_JAR.read_bytes(),
          f"{copy} is not the jjava.jar of the Python that installed it ({JJAVA_JAR})")
    before = (resource_dir / "kernel.json").read_bytes()
    again = install_kernel(env)
    check(again == installed and (resource_dir / "kernel.json").read_bytes() == before,
          "installing the kernel a second time changed it")


def test_smoke_notebook(out_dir: Path) -> float:
    run = nbexec.execute(SMOKE_NOTEBOOK, KERNEL, out_dir)
    check(run.passed, f"{SMOKE_NOTEBOOK.name} failed: {run.error}")
    text = run.stream_text()
    for expected in ("nd4j sum = 6.0", "history size = 0", "dl4j trained 50 parameters", f"home = {ROOT}",
                     f"mode = {os.environ.get('MNIST_LAB_MODE')}", "kernel = jjava"):
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
            test_smoke_notebook(ROOT / "target" / "kernel-test")
        except Failure as failure:
            print(f"FAIL kernel test: {failure}", flush=True)
            return 1
    print("PASS kernel test", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
