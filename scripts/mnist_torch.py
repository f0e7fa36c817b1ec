"""What the project's PyTorch scripts share: MNIST from its four raw IDX files, and a PyTorch network built layer for
layer from MNIST Lab's one-line architecture text (as saved models and `./mnistlab run list` print it), e.g.
"gap 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) conv(10,1,0,nobias) gap".

PyTorch's layer defaults are MNIST Lab's (BatchNorm's eps and momentum in PyTorch's meaning, no conv bias unless
"bias"), so the trainable parameter count is the same, which the callers check.
"""
import gzip
import os
import struct

import torch
import torch.nn as nn

# MNIST's mean and standard deviation, as the Java side normalises.
MEAN, STD = 0.1307, 0.3081


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('>I', data[:4])[0]
    dims = struct.unpack('>' + 'I' * (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(data[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def load(data_dir, split):
    prefix = 'train' if split == 'train' else 't10k'
    images = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte')).float().div_(255)
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte')).long()
    return ((images - MEAN) / STD).unsqueeze(1), labels


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
        elif kind == 'dwconv':  # depthwise: one kernel per channel, PyTorch's groups = channels; optional dilation
            k, pad = int(args[0]), int(args[1])
            dilation = int(args[3]) if len(args) > 3 else 1
            modules.append(nn.Conv2d(channels, channels, k, padding=pad, groups=channels, dilation=dilation,
                                     bias=args[2] == 'bias'))
            span = dilation * (k - 1) + 1
            height, width = height + 2 * pad - span + 1, width + 2 * pad - span + 1
        elif kind == 'bn':  # bn or bn(MOMENTUM), PyTorch's own meaning of momentum
            norm = nn.BatchNorm1d if flat else nn.BatchNorm2d
            modules.append(norm(channels, momentum=float(args[0]) if args else 0.1))
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
        elif kind == 'flatten':  # channel, then row, then column: the order MNIST Lab's flatten uses
            modules.append(nn.Flatten())
            channels, height, width, flat = channels * height * width, 1, 1, True
        elif kind == 'dense':
            if not flat:  # MNIST Lab's Architecture refuses it too: the text says 'flatten' or 'gap' first
                raise ValueError(f'{token!r} needs a flat input: put flatten or gap before it')
            modules.append(nn.Linear(channels, int(args[0]), bias=args[1] == 'bias'))
            channels = int(args[0])
        else:
            raise ValueError(f'unknown layer {token!r}')
    if not flat:
        modules.append(nn.Flatten())  # a 1x1 map: MNIST Lab averages it, which is the same
    return nn.Sequential(*modules)
