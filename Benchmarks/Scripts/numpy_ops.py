"""Anchor: NumPy elementwise / reduction throughput on float32 (single thread by nature), and matmul.

Usage: python numpy_ops.py   -> one JSON line per (op, size): median ms over 20 runs.
"""
import json, statistics, time
import numpy as np

def bench(fn, reps=20):
    fn(); ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3

rng = np.random.default_rng(0)
for n in (1 << 20, 1 << 24):
    a = rng.standard_normal(n, dtype=np.float32); b = rng.standard_normal(n, dtype=np.float32)
    m = a.reshape(-1, 1024)
    ops = {
        "add": lambda: a + b, "mul": lambda: a * b, "exp": lambda: np.exp(a), "tanh": lambda: np.tanh(a),
        "sum_axis1": lambda: m.sum(axis=1),
        "softmax_rows": lambda: (lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(m - m.max(axis=1, keepdims=True))),
    }
    for name, fn in ops.items():
        print(json.dumps(dict(op=name, n=n, ms=round(bench(fn), 3), numpy=np.__version__)), flush=True)
for n in (256, 512, 1024, 2048):
    x = rng.standard_normal((n, n), dtype=np.float32); y = rng.standard_normal((n, n), dtype=np.float32)
    ms = bench(lambda: x @ y, reps=10)
    print(json.dumps(dict(op="matmul", n=n, ms=round(ms, 3), gflops=round(2 * n ** 3 / ms / 1e6, 1))), flush=True)
