"""PyTorch anchor for Benchmarks/OptimizerBenchmarks: one update of a 6.4 M-parameter tensor.

    python3 Benchmarks/Scripts/torch_optimizers.py --threads 1

Times torch.optim.Adam in its three implementations (the single-tensor loop, foreach=True and
fused=True), AdamW (foreach), SGD with momentum (foreach) and clip_grad_norm_, median of 20 after 3
warm-ups, and prints one JSON line per case with the same names as the Swift benchmark.
"""
import argparse, json, statistics, time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)
shape = (25_002, 256)
gradient = torch.randn(shape) * 0.01


def median_ms(body, repetitions=20):
    for _ in range(3):
        body()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def report(name, ms):
    print(json.dumps({"case": name, "params": gradient.numel(), "ms": ms, "threads": args.threads, "torch": torch.__version__}))


def time_optimizer(name, make):
    parameter = torch.nn.Parameter(torch.randn(shape))
    parameter.grad = gradient.clone()
    optimizer = make([parameter])
    report(name, median_ms(optimizer.step))


time_optimizer("adam_single_tensor", lambda p: torch.optim.Adam(p, lr=1e-3, foreach=False))
time_optimizer("adam_foreach", lambda p: torch.optim.Adam(p, lr=1e-3, foreach=True))
time_optimizer("adam_fused", lambda p: torch.optim.Adam(p, lr=1e-3, fused=True))
time_optimizer("adamw_foreach", lambda p: torch.optim.AdamW(p, lr=1e-3, weight_decay=0.01, foreach=True))
time_optimizer("sgd_momentum_foreach", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, foreach=True))

clipped = torch.nn.Parameter(torch.zeros(shape))


def refresh():
    clipped.grad = gradient * 1


def clip():
    refresh()
    torch.nn.utils.clip_grad_norm_([clipped], 1e-3)


report("clip_grad_norm", median_ms(clip) - median_ms(refresh))
