"""Runs a notebook of Java cells in a given Jupyter kernel and prints one line per output (used by KernelDisplayTest).

usage: run_notebook.py KERNEL_NAME CELLS_FILE   (cells separated by a line '#%%')
prints: cell N: stream TEXT | cell N: display_data MIME,MIME [png=WxH] [text=...] | cell N: error NAME: VALUE
"""
import base64
import struct
import sys

import nbformat
from nbclient import NotebookClient


def main():
    kernel, cells_file = sys.argv[1], sys.argv[2]
    with open(cells_file, encoding="utf-8") as f:
        cells = [c.strip() for c in f.read().split("\n#%%\n")]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    NotebookClient(nb, kernel_name=kernel, timeout=120, startup_timeout=180, allow_errors=True).execute()
    for i, cell in enumerate(nb.cells):
        for o in cell.outputs:
            kind = o.output_type
            if kind == "stream":
                for line in o.text.splitlines():
                    print(f"cell {i}: stream {line}")
            elif kind in ("display_data", "execute_result"):
                extra = ""
                if "image/png" in o.data:
                    png = base64.b64decode(o.data["image/png"])
                    if png[:8] != b"\x89PNG\r\n\x1a\n":
                        extra += " png=INVALID"
                    else:
                        w, h = struct.unpack(">II", png[16:24])
                        extra += f" png={w}x{h}"
                extra += " text=" + o.data.get("text/plain", "").splitlines()[0] if o.data.get("text/plain") else ""
                print(f"cell {i}: {kind} {','.join(sorted(o.data.keys()))}{extra}")
            elif kind == "error":
                print(f"cell {i}: error {o.ename}: {o.evalue}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
