#!/usr/bin/env python3
"""Installs the notebooks' kernel on JJava, as ./mnistlab names it ("Java (MNIST Lab)", mnist-lab-java).

    install_kernel.py --name NAME --display-name TEXT --java JAVA --lib-jar JAR --home CHECKOUT --staging DIR
                      [--prefix PREFIX] -- [JVM OPTION ...]

Writes the spec into DIR (kernel.json, replaced atomically, and a copy of the jjava.jar that JJava's pip package
installed into this Python, so the spec keeps working whatever happens to that Python), then lets jupyter_client
install it: into the user's Jupyter data directory, or under PREFIX/share/jupyter. JJava's own installer writes
elsewhere, and its launcher would start a second JVM just to read JJAVA_JVM_OPTS; the spec starts the kernel
directly. Removes the specs an older checkout installed beside it (NAME-rapaio, NAME-jjava), which would stay in
the lab's menu, broken. The JVM options become the kernel's: JShell runs the cells in that JVM, so they are the
notebooks' memory settings.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

JJAVA_JAR = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java" / "jjava.jar"


def spec(display_name: str, java: str, lib_jar: str, home: str, java_opts: list[str]) -> dict:
    return {
        "argv": [java, *java_opts, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar",
                 "{resource_dir}/jjava.jar", "{connection_file}"],
        "display_name": display_name,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "MNIST_LAB_HOME": home,
            # See OMP_WAIT_POLICY in ./mnistlab: OpenMP threads must not spin while the Java kernel runs.
            "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "passive"),
            # One classpath entry: the library jar, whose manifest brings its dependencies.
            "JJAVA_CLASSPATH": lib_jar, "JJAVA_COMPILER_OPTS": "", "JJAVA_STARTUP_SCRIPT": "",
        },
        "metadata": {"mnist_lab_kernel": "jjava"},
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                allow_abbrev=False)
    p.add_argument("--name", required=True, help="the kernel spec's name, e.g. mnist-lab-java")
    p.add_argument("--display-name", required=True, help='its name in the lab\'s menu, e.g. "Java (MNIST Lab)"')
    p.add_argument("--java", required=True)
    p.add_argument("--lib-jar", required=True)
    p.add_argument("--home", required=True, help="the checkout, for MNIST_LAB_HOME")
    p.add_argument("--staging", required=True, type=Path, help="a folder to write the spec into first")
    p.add_argument("--prefix", help="install under PREFIX/share/jupyter instead of the user's data directory")
    args = sys.argv[1:]
    cut = args.index("--") if "--" in args else len(args)
    a, java_opts = p.parse_args(args[:cut]), args[cut + 1:]
    if not JJAVA_JAR.is_file():
        print(f"JJava's kernel jar is missing ({JJAVA_JAR}): {sys.executable} -m pip install -r requirements.txt",
              file=sys.stderr)
        return 1
    staging = a.staging / a.name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copyfile(JJAVA_JAR, staging / "jjava.jar")
    tmp = staging / "kernel.json.tmp"
    tmp.write_text(json.dumps(spec(a.display_name, a.java, a.lib_jar, a.home, java_opts), indent=2) + "\n")
    os.replace(tmp, staging / "kernel.json")
    manager = KernelSpecManager()
    where = manager.install_kernel_spec(str(staging), a.name, user=a.prefix is None, prefix=a.prefix)
    for old in (f"{a.name}-rapaio", f"{a.name}-jjava"):
        try:
            manager.remove_kernel_spec(old)
        except (KeyError, NoSuchKernel):  # not installed
            pass
        except OSError as e:  # e.g. a system-wide spec this user may not remove
            print(f"note: could not remove the old kernel spec {old}: {e}", file=sys.stderr)
    print(f'kernel "{a.display_name}" ({a.name}, JJava): {where}')
    return 0


if __name__ == "__main__":
    sys.exit(main())
