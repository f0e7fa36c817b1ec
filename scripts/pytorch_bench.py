#!/usr/bin/env python3
"""PyTorch CPU training throughput of any MNIST Lab architecture: the network built layer for layer from its
one-line text (scripts/mnist_torch.py), trained with SGD and momentum on shuffled batches of the 60,000 MNIST training
images with cross-entropy, two epochs, each reported (the caller takes the second, warm one).

    pytorch_bench.py --data MNIST_DIR --arch "ARCH TEXT" [--threads N] [--batch B] [--seed S]

`./mnistlab run bench --pytorch` passes each tutorial model's text. Prints JSON lines: the PyTorch version, thread
count and trainable parameter count first (the caller checks the count against its own and records the version),
then one line per epoch with samples_per_s. Needs PyTorch 2.x (requirements-pytorch.txt).
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_torch import build, load  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='folder with the four raw MNIST IDX files')
    p.add_argument('--arch', required=True, help="MNIST Lab's one-line architecture text")
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr = load(a.data, 'train')
    net = build(a.arch)
    params = sum(q.numel() for q in net.parameters() if q.requires_grad)
    print(json.dumps({'arch': a.arch.split(' ')[0], 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'trainable_params': params}), flush=True)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    net.train()
    for ep in range(2):
        t0 = time.time()
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad()
            F.cross_entropy(net(xtr[idx]), ytr[idx]).backward()
            opt.step()
        dt = time.time() - t0
        print(json.dumps({'epoch': ep + 1, 'samples': len(xtr), 'seconds': round(dt, 2),
                          'samples_per_s': round(len(xtr) / dt)}), flush=True)


if __name__ == '__main__':
    main()
