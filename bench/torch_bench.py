"""PyTorch side of `npm run bench`: the same cases as bench/cases.ts, printed as JSON.

Run by bench/index.ts with OPENBLAS_NUM_THREADS set and LD_LIBRARY_PATH pointing at
Debian's OpenBLAS; argv: torch intra-op threads, repeats, and optionally a comma-separated list of
cases to run (default: all; an unknown name exits 2). Each case: warm-up, then the median of
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
only = sys.argv[3].split(',') if len(sys.argv) > 3 else None
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


def rnn_cell(iters):
    cell = nn.RNNCell(64, 64)
    x, h = torch.randn(16, 64), torch.zeros(16, 64)

    def step():
        with torch.no_grad():
            cell(x, h)
    return {'us': median_ms(step, iters) * 1e3}


def no_grad(fn):
    with torch.no_grad():
        return fn()


# in the order of the table; the GEMMs run without autograd, as before
CASES = {
    'gemm_128x784x256': lambda: no_grad(lambda: gemm(128, 784, 256, 50)),
    'gemm_512': lambda: no_grad(lambda: gemm(512, 512, 512, 10)),
    'mlp_784_256_10': lambda: mlp([784, 256, 10], 30),
    'mlp_784_1000_1000_10': lambda: mlp([784, 1000, 1000, 10], 5),
    'mnist_epoch': lambda: {'s': mlp([784, 256, 10], 20, adam=True)['ms'] * 469 / 1e3},
    'cnn_step': lambda: cnn(10),
    'rnn_step': lambda: rnn(2000),
    'rnn_cell': lambda: rnn_cell(2000),
}
unknown = [c for c in only or [] if c not in CASES]
if unknown:
    print(f"torch_bench.py: unknown case {', '.join(unknown)}, expected one of {', '.join(CASES)}", file=sys.stderr)
    sys.exit(2)
results = {key: run() for key, run in CASES.items() if only is None or key in only}
print(json.dumps({'torch': torch.__version__, 'threads': threads, 'blas': blas_library(), 'results': results}))
