#!/usr/bin/env python3
"""PyTorch CPU training throughput of any MNIST Lab architecture, in every configuration worth trying: the network
built layer for layer from its one-line text (scripts/mnist_torch.py), trained with SGD and momentum on shuffled
batches of the 60,000 MNIST training images with cross-entropy.

    pytorch_bench.py --data MNIST_DIR --arch "ARCH TEXT" [--threads 1,2] [--configs eager,channels_last,compile,
                     compile+channels_last] [--batch B] [--samples N] [--warmup W] [--seed S]

For each thread count and configuration: a fresh network, W warm-up batches (which is where torch.compile compiles),
then N samples timed. The configurations are PyTorch at its best on a CPU: plain eager mode (what most users run),
channels_last memory format, torch.compile (inductor, which writes and compiles C++ with gcc), and both.

`./mnistlab run bench --pytorch` passes each tutorial model's text. Prints JSON lines: the PyTorch version and the
trainable parameter count first (the caller checks the count against its own and records the version), then one
line per configuration with samples_per_s, or with an error when the configuration failed. Needs PyTorch 2.x
(requirements-pytorch.txt).
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

CONFIGS = ('eager', 'channels_last', 'compile', 'compile+channels_last')


def throughput(arch, xtr, ytr, config, batch, samples, warmup, seed):
    """Training samples per second of one configuration, timed after the warm-up batches."""
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = build(arch)
    layout = torch.channels_last if 'channels_last' in config else torch.contiguous_format
    net = net.to(memory_format=layout)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    model = torch.compile(net) if config.startswith('compile') else net
    model.train()

    def step(idx):
        x = xtr[idx].contiguous(memory_format=layout)
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), ytr[idx]).backward()
        opt.step()

    perm = torch.randperm(len(xtr), generator=gen)
    at = 0

    def next_batch():
        nonlocal perm, at
        if at + batch > len(perm):
            perm, at = torch.randperm(len(xtr), generator=gen), 0
        at += batch
        return perm[at - batch:at]

    for _ in range(warmup):
        step(next_batch())
    seen = 0
    t0 = time.perf_counter()
    while seen < samples:
        step(next_batch())
        seen += batch
    return seen / (time.perf_counter() - t0)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True, help='folder with the four raw MNIST IDX files')
    p.add_argument('--arch', required=True, help="MNIST Lab's one-line architecture text")
    p.add_argument('--threads', default='1,2', help='thread counts to try, comma-separated (default: %(default)s)')
    p.add_argument('--configs', default=','.join(CONFIGS), help='configurations to try (default: all)')
    p.add_argument('--batch', type=int, default=128)
    p.add_argument('--samples', type=int, default=20000, help='training samples timed per configuration')
    p.add_argument('--warmup', type=int, default=20, help='batches before the timing (compilation happens here)')
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args()
    configs = [c.strip() for c in a.configs.split(',') if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        p.error(f'unknown configurations {unknown}; known: {", ".join(CONFIGS)}')
    threads = [int(t) for t in a.threads.split(',')]
    if a.batch < 1 or a.samples < a.batch or a.warmup < 1 or min(threads) < 1:
        p.error('need batch >= 1, samples >= batch, warmup >= 1 and threads >= 1')
    xtr, ytr = load(a.data, 'train')
    params = sum(q.numel() for q in build(a.arch).parameters() if q.requires_grad)
    print(json.dumps({'arch': a.arch.split(' ')[0], 'torch': torch.__version__, 'trainable_params': params}),
          flush=True)
    for n in threads:
        torch.set_num_threads(n)
        for config in configs:
            try:
                sps = throughput(a.arch, xtr, ytr, config, a.batch, a.samples, a.warmup, a.seed)
                print(json.dumps({'config': config, 'threads': n, 'samples_per_s': round(sps)}), flush=True)
            except Exception as e:  # a configuration that cannot run here is reported, not fatal
                print(json.dumps({'config': config, 'threads': n, 'error': f'{type(e).__name__}: {e}'[:300]}),
                      flush=True)


if __name__ == '__main__':
    main()
