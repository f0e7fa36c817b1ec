"""Writes torchvision-golden.txt: outputs of real torchvision transforms on a fixed 28x28 pattern, so the Java
augmentations can be checked against torchvision's conventions (angle direction, centre, shear, perspective grid,
bilinear sampling).

Pixels outside the image count as the background value BG in the Java code, which is torchvision's plain zero
padding (fill=None) applied to (image - BG), then + BG. (torchvision's fill= option instead blends border samples as
sample * mask + (1 - mask) * fill, weighting the in-image part twice; the Java code deliberately does not copy that.)

Run with Debian's packages (apt-get install python3-torchvision):
    /usr/bin/python3 lib/src/test/tools/torchvision_golden.py > lib/src/test/resources/org/mnistlab/augment/torchvision-golden.txt
Each output line: kind;parameters;784 comma-separated floats (row-major).
"""
import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

BG = (0.0 - 0.1307) / 0.3081
img = torch.tensor([((i * 37) % 101) / 50.0 - 0.4 for i in range(784)], dtype=torch.float32).view(1, 28, 28)


def emit(kind, params, out):
    values = ",".join(repr(float(v)) for v in out.flatten().tolist())
    print(f"{kind};{params};{values}")


print(f"# torchvision {torchvision.__version__}, torch {torch.__version__}; outside pixels count as {BG!r}")
# affine: torchvision's angle is clockwise; params written as torchvision's (angle, tx, ty, scale, shear_x, shear_y).
for angle, tx, ty, scale, shx, shy in [(0, 3, -2, 1.0, 0, 0), (30, 0, 0, 1.0, 0, 0), (-12.5, 2, 1, 1.1, 7, 0),
                                        (8, -1, 3, 0.93, -6, 4), (0, 0, 0, 1.25, 0, 0)]:
    out = F.affine(img - BG, angle=angle, translate=[tx, ty], scale=scale, shear=[float(shx), float(shy)],
                   interpolation=InterpolationMode.BILINEAR) + BG
    emit("affine", f"{angle},{tx},{ty},{scale},{shx},{shy}", out)
# rotate: counter-clockwise.
for angle in [90, 33.3, -7]:
    out = F.rotate(img - BG, angle, interpolation=InterpolationMode.BILINEAR) + BG
    emit("rotate", f"{angle}", out)
# perspective: startpoints are the corners, endpoints as RandomPerspective would draw them.
start = [[0, 0], [27, 0], [27, 27], [0, 27]]
for end in [[[2, 1], [26, 0], [25, 27], [1, 25]], [[0, 2], [25, 2], [27, 26], [2, 27]],
            [[7, 3], [22, 6], [24, 21], [4, 25]]]:
    out = F.perspective(img - BG, start, end, interpolation=InterpolationMode.BILINEAR) + BG
    emit("perspective", " ".join(f"{x},{y}" for x, y in end), out)
