#!/usr/bin/env python3
"""The PyTorch side of `npm run bench -- transfer`: torchvision's pretrained-base
architectures (random weights: no download) on the same cores, one JSON object on stdout.

Usage: transfer_torch.py --case forward:vgg16:180 [--case finetune:vgg16:180 ...]
    [--threads 2] [--batch 32] [--seconds 3]
- forward:<vgg16|mobilenet_v2>:<size>: `vgg16().features` / `mobilenet_v2().features` (alpha 1.0),
  eval mode, torch.no_grad, float32 NCHW, images/s of the forward pass.
- finetune:vgg16:<size>: VGG16's features with block5 (its last three convolutions) trainable,
  then the textbook's head (Flatten, Linear(256), ReLU, Dropout(0.5), Linear(1)), binary
  cross-entropy, RMSprop (Keras' rho 0.9, epsilon 1e-7), train mode: images/s of one step.
Warm-up first, then as many timed batches as fit in --seconds (at least 2); the median batch.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torchvision
from torch import nn


def vgg16_features():
    return torchvision.models.vgg16().features


def mobilenet_v2_features():
    return torchvision.models.mobilenet_v2(width_mult=1.0).features


BASES = {'vgg16': vgg16_features, 'mobilenet_v2': mobilenet_v2_features}

# torchvision's vgg16().features: block5 is modules 24..30 (conv5_1, relu, conv5_2, relu, conv5_3, relu, pool).
VGG_BLOCK5_FROM = 24


MIN_STEPS = 2


def timed(step, seconds, warmup):
    for _ in range(warmup):
        step()
    times = []
    start = time.perf_counter()
    while len(times) < MIN_STEPS or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, len(times)


def forward_case(base, size, batch, seconds):
    model = BASES[base]().eval()
    x = torch.rand((batch, 3, size, size))
    with torch.no_grad():
        out_shape = list(model(x[:1]).shape[1:])

        def step():
            model(x)

        ms, steps = timed(step, seconds, 1)
    params = sum(p.numel() for p in model.parameters())
    return {'params': params, 'outputShape': out_shape, 'msPerBatch': ms, 'steps': steps}


def finetune_case(base, size, batch, seconds):
    if base != 'vgg16':
        raise SystemExit('finetune: vgg16 only')
    features = vgg16_features()
    for idx, module in enumerate(features):
        for p in module.parameters():
            p.requires_grad = idx >= VGG_BLOCK5_FROM
    with torch.no_grad():
        flat = features(torch.zeros((1, 3, size, size))).numel()
    model = nn.Sequential(
        features, nn.Flatten(), nn.Linear(flat, 256), nn.ReLU(), nn.Dropout(0.5), nn.Linear(256, 1)
    ).train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.RMSprop(trainable, lr=1e-5, alpha=0.9, eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()
    x = torch.rand((batch, 3, size, size)) * 255
    y = torch.randint(0, 2, (batch, 1)).float()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    ms, steps = timed(step, seconds, 1)
    return {'params': sum(p.numel() for p in model.parameters()),
            'trainableParams': sum(p.numel() for p in trainable), 'msPerBatch': ms, 'steps': steps}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', action='append', required=True)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--seconds', type=float, default=3.0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    runs = []
    for case in a.case:
        kind, base, size = case.split(':')
        load = os.getloadavg()[0]
        fn = forward_case if kind == 'forward' else finetune_case
        r = fn(base, int(size), a.batch, a.seconds)
        r.update({'kind': kind, 'base': base, 'size': int(size), 'threads': a.threads, 'batchSize': a.batch,
                  'imagesPerSecond': a.batch * 1000 / r['msPerBatch'], 'loadAverage1m': round(load, 2)})
        runs.append(r)
        print(f"torch: {case}: {r['imagesPerSecond']:.2f} images/s (load {load:.1f})", file=sys.stderr)
    print(json.dumps({'torch': torch.__version__, 'torchvision': torchvision.__version__,
                      'cores': os.cpu_count(), 'runs': runs}))


if __name__ == '__main__':
    main()
