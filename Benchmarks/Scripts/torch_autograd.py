"""PyTorch side of Benchmarks/AutogradBenchmarks: the same two cases, same shapes.

Usage: python3 Benchmarks/Scripts/torch_autograd.py [--threads N]   (dev-only; needs torch)
"""
import argparse, json, statistics, time
import torch

def median_ms(fn, reps):
    for _ in range(3): fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3

def main():
    parser = argparse.ArgumentParser(); parser.add_argument("--threads", type=int, default=2)
    threads = parser.parse_args().threads
    torch.set_num_threads(threads); torch.manual_seed(0)

    w = (torch.rand(16) + 0.5).requires_grad_()
    start = torch.randn(16, requires_grad=True)
    def chain():
        y = start
        for _ in range(500): y = torch.tanh(y * w)
        y.sum().backward(); w.grad = None; start.grad = None
    ms = median_ms(chain, 50)
    print(json.dumps({"case": "chain_1000_ops", "ms": ms, "us_per_op": ms * 1000 / 1001, "threads": threads, "torch": torch.__version__}))

    layers = [torch.nn.Linear(i, o) for i, o in [(512, 1024), (1024, 1024), (1024, 10)]]
    params = [p for layer in layers for p in layer.parameters()]
    x = torch.randn(128, 512); targets = torch.randint(0, 10, (128,))
    def step():
        h = x
        for index, layer in enumerate(layers):
            h = layer(h)
            if index < len(layers) - 1: h = torch.relu(h)
        torch.nn.functional.cross_entropy(h, targets).backward()
        with torch.no_grad():
            for p in params: p -= p.grad * 0.01; p.grad = None
    print(json.dumps({"case": "mlp_step", "ms": median_ms(step, 20), "threads": threads, "torch": torch.__version__}))

if __name__ == "__main__":
    main()
