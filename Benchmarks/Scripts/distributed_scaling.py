"""The scaling model of Documentation/Distributed.md: predicted speed-up of data-parallel training on
N machines from a model's measured step time on one machine and its gradient size. Standard
library only:

    python3 Benchmarks/Scripts/distributed_scaling.py [--host-GBps 1.0] [--latency-us 50]

Per step, a ring all-reduce of B gradient bytes over N machines costs
    t_comm = 2(N-1)/N * B / bandwidth + 2(N-1) * latency
where bandwidth is the link's (10, 25, 100 Gb/s), or, when lower, what one machine's processes
can feed it (--host-GBps: memory copies and float sums, measured by AllReduceBenchmarks between two
local processes). No overlap is assumed (DataParallel starts buckets during backward, so the real
cost is lower, down to the last bucket's).

Weak scaling: every machine keeps the measured batch, the global batch grows N-fold; a step takes
t_step + t_comm and the speed-up is N * t_step / (t_step + t_comm).
Strong scaling: the global batch stays 64 (fastai's default bs) and is split N ways; compute is
assumed to shrink linearly (t_64 / N, optimistic: small per-machine batches use the cores worse);
the speed-up is t_64 / (t_64 / N + t_comm).
"""
import argparse

# Step ms: Benchmarks/README.md (Intel Xeon family 6 model 167, 2 threads, after the autograd
# redesign) at the benchmark's batch; gradient bytes: AllReduceBenchmarks (float32 parameters).
MODELS = {
    "AWD-LSTM LM stack": dict(step_ms=1643.6, batch=16, gradient_bytes=94_133_728),
    "packed BiLSTM classifier": dict(step_ms=1556.1, batch=64, gradient_bytes=19_243_428),
}
MACHINES = (2, 8, 32)


def comm_ms(machines, gradient_bytes, bytes_per_s, latency_us):
    return (2 * (machines - 1) / machines * gradient_bytes / bytes_per_s + 2 * (machines - 1) * latency_us * 1e-6) * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host-GBps", type=float, default=1.0, help="what a machine's processes feed an all-reduce, GB/s")
    parser.add_argument("--latency-us", type=float, default=50, help="per-message latency over TCP, microseconds")
    args = parser.parse_args()
    limits = [(f"{link} Gb/s link", link / 8 * 1e9) for link in (10, 25, 100)]
    limits.append((f"host-limited ({args.host_GBps:g} GB/s)", args.host_GBps * 1e9))
    print("| model | bandwidth | scaling | " + " | ".join(f"N = {n}" for n in MACHINES) + " |")
    print("|---|---|---|" + "---|" * len(MACHINES))
    for name, model in MODELS.items():
        step_64 = model["step_ms"] * 64 / model["batch"]
        for label, bytes_per_s in limits:
            comms = [comm_ms(n, model["gradient_bytes"], bytes_per_s, args.latency_us) for n in MACHINES]
            weak = [f"{n * model['step_ms'] / (model['step_ms'] + c):.1f}x ({c:.0f} ms)" for n, c in zip(MACHINES, comms)]
            strong = [f"{step_64 / (step_64 / n + c):.1f}x" for n, c in zip(MACHINES, comms)]
            print(f"| {name} | {label} | weak (batch {model['batch']} per machine) | " + " | ".join(weak) + " |")
            print(f"| {name} | {label} | strong (global batch 64) | " + " | ".join(strong) + " |")


if __name__ == "__main__":
    main()
