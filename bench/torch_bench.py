"""PyTorch side of `npm run bench`: the same cases as bench/cases.ts, printed as JSON.

Run by bench/index.ts with OPENBLAS_NUM_THREADS set and LD_LIBRARY_PATH pointing at
Debian's OpenBLAS; argv: torch intra-op threads, repeats. Each case: warm-up, then the median of
`repeats` timings of a block of iterations.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

threads = int(sys.argv[1])
repeats = int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)


def blas_library():
    with open('/proc/self/maps') as f:
        libs = {line.split()[-1] for line in f if 'blas' in line.lower()}
    return sorted(libs)


def median_ms(fn, iters):
    for _ in range(max(2, iters // 4)):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        times.append((time.perf_counter() - t0) * 1e3 / iters)
    return statistics.median(times)


def gemm(m, k, n, iters):
    a, b = torch.randn(m, k), torch.randn(k, n)
    ms = median_ms(lambda: torch.mm(a, b), iters)
    return {'ms': ms, 'gflops': 2 * m * n * k / ms / 1e6}


def train_step(model, x, y, opt):
    def step():
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return step


def mlp(sizes, iters, adam=False):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    x, y = torch.randn(128, sizes[0]), torch.randint(0, sizes[-1], (128,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3) if adam else torch.optim.SGD(model.parameters(), lr=0.01)
    return {'ms': median_ms(train_step(model, x, y, opt), iters)}


def cnn(iters):
    model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
    x, y = torch.randn(32, 1, 28, 28), torch.randint(0, 10, (32,))
    return {'ms': median_ms(train_step(model, x, y, torch.optim.SGD(model.parameters(), lr=0.01)), iters)}


def rnn(iters):
    w, u, b = torch.randn(64, 64) * 0.1, torch.randn(64, 64) * 0.1, torch.zeros(64)
    x, h = torch.randn(16, 64), torch.zeros(16, 64)

    def step():
        with torch.no_grad():
            torch.tanh(x @ w + h @ u + b)
    return {'us': median_ms(step, iters) * 1e3}


with torch.no_grad():
    results = {
        'gemm_128x784x256': gemm(128, 784, 256, 50),
        'gemm_512': gemm(512, 512, 512, 10),
    }
results['mlp_784_256_10'] = mlp([784, 256, 10], 30)
results['mlp_784_1000_1000_10'] = mlp([784, 1000, 1000, 10], 5)
results['mnist_epoch'] = {'s': mlp([784, 256, 10], 20, adam=True)['ms'] * 469 / 1e3}
results['cnn_step'] = cnn(10)
results['rnn_step'] = rnn(2000)
print(json.dumps({'torch': torch.__version__, 'threads': threads, 'blas': blas_library(), 'results': results}))
