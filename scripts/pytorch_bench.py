#!/usr/bin/env python3
"""PyTorch CPU training throughput of any MNIST Lab architecture, timed as shared/reference/pytorch_reference.py
times its two (small-gap and gap-linear): same data loading (imported from the reference), same loop (SGD with
momentum, batch of shuffled MNIST, cross-entropy), two epochs over the training set, the second reported.

    pytorch_bench.py --reference PATH --data MNIST_DIR --arch "ARCH TEXT" [--threads N] [--batch B]

ARCH TEXT is an architecture in the one-line form MNIST Lab stores in saved models, e.g.
"gap 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) conv(10,1,0,nobias) gap"; `./mnistlab run bench --pytorch`
passes each tutorial model's. Prints JSON lines: the trainable parameter count first (the caller checks it against
its own), then one line per epoch with samples_per_s. Needs Debian's python3-torch.
"""
import argparse
import importlib.util
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def reference_module(path):
    spec = importlib.util.spec_from_file_location('pytorch_reference', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(text):
    """nn.Sequential from 'name CxHxW classes : layer layer ...'; PyTorch's defaults match MNIST Lab's layers."""
    head, layers = text.split(' : ', 1)
    _, dims, _ = head.split(' ')
    channels, height, width = (int(v) for v in dims.split('x'))
    modules, flat = [], False
    for token in layers.split():
        kind, _, rest = token.partition('(')
        args = rest.rstrip(')').split(',') if rest else []
        if kind == 'conv':
            out, k, pad = int(args[0]), int(args[1]), int(args[2])
            modules.append(nn.Conv2d(channels, out, k, padding=pad, bias=args[3] == 'bias'))
            channels, height, width = out, height + 2 * pad - k + 1, width + 2 * pad - k + 1
        elif kind == 'bn':  # bn or bn(MOMENTUM), PyTorch's own meaning of momentum
            modules.append(nn.BatchNorm2d(channels, momentum=float(args[0]) if args else 0.1))
        elif kind == 'relu':
            modules.append(nn.ReLU())
        elif kind == 'dropout':
            modules.append(nn.Dropout(float(args[0])))
        elif kind == 'pool':
            size = int(args[0])
            modules.append(nn.MaxPool2d(size))
            height, width = height // size, width // size
        elif kind == 'gap':
            modules += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            height = width = 1
            flat = True
        elif kind == 'dense':
            if not flat:
                modules.append(nn.Flatten())
                channels, height, width, flat = channels * height * width, 1, 1, True
            modules.append(nn.Linear(channels, int(args[0]), bias=args[1] == 'bias'))
            channels = int(args[0])
        else:
            raise ValueError(f'unknown layer {token!r}')
    if not flat:
        modules.append(nn.Flatten())  # a 1x1 map: MNIST Lab averages it, which is the same
    return nn.Sequential(*modules)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--reference', required=True)
    p.add_argument('--data', required=True)
    p.add_argument('--arch', required=True)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args()
    ref = reference_module(a.reference)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr = ref.load(a.data, 'train')
    net = build(a.arch)
    params = sum(q.numel() for q in net.parameters() if q.requires_grad)
    print(json.dumps({'arch': a.arch.split(' ')[0], 'trainable_params': params, 'threads': torch.get_num_threads()}),
          flush=True)
    # The reference's throughput loop, unchanged.
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
