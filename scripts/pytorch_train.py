#!/usr/bin/env python3
"""Trains an MNIST Lab recipe in PyTorch, so that a Java result can be checked against another engine.

    pytorch_train.py --data MNIST_DIR --out DIR --arch "ARCH TEXT" [--epochs 15] [--batch 64] [--seed 1]
                     [--max-lr 0.05 --pct-start 0.2 --div 10 --final-div 100] [--schedule-epochs N]
                     [--momentum 0.9] [--smoothing 0.02] [--ema DECAY] [--rotation 7 | --affine D,S,S0,S1,SH]
                     [--threads 1]

The model is built from MNIST Lab's one-line architecture text (scripts/mnist_torch.py's builder, which the benchmark uses too); the recipe is
SGD with Nesterov momentum under PyTorch's OneCycleLR (cosine, momentum cycling 0.85-0.95), cross-entropy with label
smoothing, and a random rotation of every training image (bilinear, filled with MNIST's black), as MNIST Lab's
`09-weight-average` family trains. Data: the four raw IDX files, normalised with MNIST's mean and deviation (0.1307,
0.3081). Writes DIR/history.csv in MNIST Lab's format (so the same code judges it) and DIR/summary.json with every
argument, the PyTorch version and the thread count. PyTorch's CPU kernels are not bit-for-bit deterministic across
thread counts; one thread and a seed give a repeatable run on one machine. The same recipe, not the same numbers:
the random draws differ, and PyTorch's SGD writes Nesterov momentum as buf = m*buf + g, p -= lr*(g + m*buf) where
DL4J writes v = m*v - lr*g, which agree only while the rate and momentum stay constant (OneCycle changes both). The
`seconds` column is the epoch's training time, evaluation excluded.
"""
import argparse
import json
import math
import os
import platform
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_torch import MEAN, STD, build, load  # noqa: E402  shared with the benchmark

HEADER = 'epoch,train_loss,train_acc,test_loss,test_acc,lr,seconds,samples_per_s'


def rotate(x, max_degrees, gen):
    """Each image turned by its own angle, uniform in [-max, max], around its centre; outside is MNIST's black."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=gen) * 2 - 1) * math.radians(max_degrees)
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1], theta[:, 1, 0], theta[:, 1, 1] = cos, -sin, sin, cos
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    black = -MEAN / STD
    return F.grid_sample(x - black, grid, mode='bilinear', padding_mode='zeros', align_corners=False) + black


def random_affine(x, gen, degrees, translate, scale_min, scale_max, shear):
    """torchvision's RandomAffine drawn per image, as MNIST Lab's RandomAffine: angle in [-degrees, degrees], a shift
    of whole pixels up to translate * size, scale in [scale_min, scale_max], horizontal shear in [-shear, shear];
    one bilinear resampling; outside is MNIST's black."""
    n, _, h, w = x.shape

    def uniform(lo, hi):
        return lo + (hi - lo) * torch.rand(n, generator=gen)

    angle = torch.deg2rad(uniform(-degrees, degrees))
    dx = torch.round(uniform(-translate * w, translate * w)) * 2 / w  # in grid_sample's [-1, 1] coordinates
    dy = torch.round(uniform(-translate * h, translate * h)) * 2 / h
    s = uniform(scale_min, scale_max)
    t = torch.tan(torch.deg2rad(uniform(-shear, shear)))
    cos, sin = torch.cos(angle), torch.sin(angle)
    forward = torch.zeros(n, 2, 2)  # rotation @ horizontal shear, scaled
    forward[:, 0, 0], forward[:, 0, 1] = cos * s, (cos * t - sin) * s
    forward[:, 1, 0], forward[:, 1, 1] = sin * s, (sin * t + cos) * s
    inverse = torch.linalg.inv(forward)  # grid_sample asks, for each output pixel, where to read the input
    theta = torch.zeros(n, 2, 3)
    theta[:, :, :2] = inverse
    theta[:, :, 2] = -(inverse @ torch.stack([dx, dy], 1).unsqueeze(2)).squeeze(2)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    black = -MEAN / STD
    return F.grid_sample(x - black, grid, mode='bilinear', padding_mode='zeros', align_corners=False) + black


def evaluate(net, x, y):
    net.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            out = net(x[i:i + 1000])
            loss += F.cross_entropy(out, y[i:i + 1000], reduction='sum').item()
            correct += (out.argmax(1) == y[i:i + 1000]).sum().item()
    return loss / len(x), 100.0 * correct / len(x)


def cpu_name():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def write_atomic(path, text):
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', required=True, help='folder with the four raw MNIST IDX files')
    p.add_argument('--out', required=True)
    p.add_argument('--arch', required=True)
    p.add_argument('--epochs', type=int, default=15)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--max-lr', type=float, default=0.05)
    p.add_argument('--pct-start', type=float, default=0.2)
    p.add_argument('--div', type=float, default=10)
    p.add_argument('--final-div', type=float, default=100)
    p.add_argument('--schedule-epochs', type=int, default=0,
                   help='run the OneCycle schedule over the first N epochs, then hold its final rate and momentum '
                        '(0: over all epochs)')
    p.add_argument('--momentum', type=float, default=0.9,
                   help="SGD's momentum; OneCycleLR then cycles it 0.95 -> 0.85 -> 0.95 (the Java recipe's cycle)")
    p.add_argument('--smoothing', type=float, default=0.02)
    p.add_argument('--ema', type=float, default=0,
                   help='evaluate an exponential moving average of the weights (BatchNorm statistics included) with '
                        'this decay, warmed up as min(decay, (1+t)/(10+t)) after t steps (0: the weights themselves)')
    p.add_argument('--rotation', type=float, default=7, help='max rotation in degrees (0: no augmentation)')
    p.add_argument('--affine', help='DEG,SHIFT,SCALE_MIN,SCALE_MAX,SHEAR: RandomAffine instead of --rotation, as the '
                                     "Java recipe's affine(...) (standard: 10,0.08,0.95,1.08,8)")
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--limit', type=int, default=0, help='use only the first N training images (smoke tests)')
    a = p.parse_args()
    if a.epochs < 1 or a.batch < 1 or a.max_lr <= 0 or not 0 <= a.smoothing < 1:
        p.error('epochs and batch must be >= 1, max-lr > 0 and smoothing in [0, 1)')
    affine = [float(v) for v in a.affine.split(',')] if a.affine else None
    if affine is not None and len(affine) != 5:
        p.error('--affine takes five numbers: DEG,SHIFT,SCALE_MIN,SCALE_MAX,SHEAR')
    if not 0 <= a.ema < 1:
        p.error('--ema must be in [0, 1)')
    if not 0 <= a.schedule_epochs <= a.epochs:
        p.error(f'--schedule-epochs must be in 0..{a.epochs}')
    schedule_epochs = a.schedule_epochs or a.epochs
    os.makedirs(a.out, exist_ok=True)
    if os.path.exists(os.path.join(a.out, 'summary.json')):
        p.error(f'{a.out} already holds a finished run')

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr = load(a.data, 'train')
    if a.limit > 0:
        xtr, ytr = xtr[:a.limit], ytr[:a.limit]
    xte, yte = load(a.data, 'test')
    net = build(a.arch)
    params = sum(q.numel() for q in net.parameters() if q.requires_grad)
    steps = (len(xtr) + a.batch - 1) // a.batch
    opt = torch.optim.SGD(net.parameters(), lr=a.max_lr / a.div, momentum=a.momentum, nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.max_lr, epochs=schedule_epochs, steps_per_epoch=steps,
                                                pct_start=a.pct_start, div_factor=a.div, final_div_factor=a.final_div,
                                                anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85,
                                                max_momentum=0.95)
    print(f'pytorch {torch.__version__}, {torch.get_num_threads()} thread(s); {params:,} params; seed {a.seed}',
          flush=True)
    # The average covers every floating-point tensor of the state: weights and BatchNorm's running statistics.
    average = {k: v.detach().clone() for k, v in net.state_dict().items() if v.is_floating_point()} if a.ema else None
    rows, started, step = [HEADER], time.time(), 0
    for epoch in range(1, a.epochs + 1):
        net.train()
        t0, total, correct, loss_sum = time.time(), 0, 0, 0.0
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), a.batch):
            idx = perm[i:i + a.batch]
            x = xtr[idx]
            if affine is not None:
                x = random_affine(x, gen, *affine)
            elif a.rotation > 0:
                x = rotate(x, a.rotation, gen)
            opt.zero_grad()
            out = net(x)
            loss = F.cross_entropy(out, ytr[idx], label_smoothing=a.smoothing)
            loss.backward()
            opt.step()
            lr = opt.param_groups[0]['lr']
            # Stepped up to its last step, then held: the Java recipe's LrSchedule.endsAtEpoch.
            if sched.last_epoch < schedule_epochs * steps - 1:
                sched.step()
            step += 1
            if average is not None:
                d = min(a.ema, (1 + step) / (10 + step))
                with torch.no_grad():
                    for k, v in net.state_dict().items():
                        if k in average:
                            average[k].mul_(d).add_(v, alpha=1 - d)
            loss_sum += loss.item() * len(idx)
            correct += (out.argmax(1) == ytr[idx]).sum().item()
            total += len(idx)
        seconds = time.time() - t0
        if average is not None:  # evaluate the average, then train on from the weights themselves
            own = {k: v.detach().clone() for k, v in net.state_dict().items()}
            net.load_state_dict({**own, **average})
            test_loss, test_acc = evaluate(net, xte, yte)
            net.load_state_dict(own)
        else:
            test_loss, test_acc = evaluate(net, xte, yte)
        rows.append(f'{epoch},{loss_sum / total:.6f},{100.0 * correct / total:.4f},{test_loss:.6f},{test_acc:.4f},'
                    f'{lr:.8f},{seconds:.2f},{total / seconds:.1f}')
        write_atomic(os.path.join(a.out, 'history.csv'), '\n'.join(rows) + '\n')
        print(f'Epoch {epoch:2d}/{a.epochs} | Train: {loss_sum / total:.4f} ({100.0 * correct / total:.2f}%) | '
              f'Test: {test_loss:.4f} ({test_acc:.2f}%) | {seconds:.1f}s', flush=True)
    summary = {'engine': f'pytorch {torch.__version__}', 'threads': torch.get_num_threads(),
               'cpu': cpu_name(), 'trainable_params': params,
               'seconds': round(time.time() - started, 1), 'python': platform.python_version(),
               'args': {k: v for k, v in vars(a).items() if k not in ('data', 'out')}}
    write_atomic(os.path.join(a.out, 'summary.json'), json.dumps(summary, indent=2) + '\n')
    print('wrote', os.path.join(a.out, 'history.csv'), 'and summary.json', flush=True)


if __name__ == '__main__':
    main()
