#!/usr/bin/env python3
"""The peer row of `npm run bench`: PyTorch trains the textbook's two convnets
on random data (RMSprop, batch 32) and prints one JSON object on stdout.

Usage: peer_torch.py [--threads 1,2] [--seconds 4]. Steady state: warm-up
steps first (allocator and oneDNN primitive caches), then as many timed
steps as fit in --seconds (at least 3); images/s uses the median step.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch import nn


def mnist_convnet():
    # The textbook's MNIST convnet (Keras: 104,202 parameters).
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(128 * 3 * 3, 10),
    )


class Rescale(nn.Module):
    def forward(self, x):
        return x / 255.0


def catsdogs():
    # The textbook's cats-vs-dogs convnet at 180x180x3 (Keras: 991,041 parameters), no augmentation.
    return nn.Sequential(
        Rescale(),
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(128, 256, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(256, 256, 3), nn.ReLU(),
        nn.Flatten(), nn.Linear(256 * 7 * 7, 1),
    )


MODELS = {
    'mnist-convnet': (mnist_convnet, (1, 28, 28), 10, 1.0),
    'catsdogs': (catsdogs, (3, 180, 180), 1, 255.0),
}


def bench(name, threads, batch, seconds, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    make, shape, classes, pixel_max = MODELS[name]
    model = make()
    params = sum(p.numel() for p in model.parameters())
    # Keras' RMSprop defaults: rho 0.9, epsilon 1e-7.
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    x = torch.rand((batch,) + shape) * pixel_max
    if classes == 1:
        y = torch.randint(0, 2, (batch, 1)).float()
        loss_fn = nn.BCEWithLogitsLoss()
    else:
        y = torch.randint(0, classes, (batch,))
        loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(warmup):
        step()
    times = []
    start = time.perf_counter()
    while len(times) < 3 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1000
    return {
        'model': name, 'threads': threads, 'batchSize': batch, 'params': params,
        'steps': len(times), 'msPerBatch': ms, 'imagesPerSecond': batch * 1000 / ms,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', default='1,2')
    ap.add_argument('--seconds', type=float, default=4.0)
    ap.add_argument('--models', default='mnist-convnet,catsdogs')
    a = ap.parse_args()
    runs = []
    for name in a.models.split(','):
        for t in (int(s) for s in a.threads.split(',')):
            runs.append(bench(name, t, 32, a.seconds, 5 if name == 'mnist-convnet' else 2))
            print(f"peer: {name} {t} thread(s): {runs[-1]['imagesPerSecond']:.1f} images/s", file=sys.stderr)
    print(json.dumps({'torch': torch.__version__, 'cores': os.cpu_count(), 'runs': runs}))


if __name__ == '__main__':
    main()
