"""Side-by-side training-step times of the notebook models: Strand against PyTorch, same machine,
same threads. Dev-only (needs torch); run from the repository root after
`swift build -c release --product ModelBenchmarks`:

    python3 Benchmarks/Scripts/compare_models.py [--threads 1 2] [--rounds 2] [--only NAME] [--baseline PATH] [--baseline-env KEY=VALUE]

For every model and thread count it runs Strand's ModelBenchmarks and the PyTorch anchor
(Benchmarks/Scripts/torch_models.py) in alternation, `rounds` times each, each run in its own process,
and prints a Markdown table: the median over rounds of each run's median ms per step, the ratio
Strand / PyTorch (below 1.0 means Strand is faster) and each process's peak resident memory.
`--baseline PATH` adds a third process to the alternation — another build's ModelBenchmarks (say,
of an earlier commit in a second worktree) — and a column with its ms per step. `--baseline-env KEY=VALUE`
runs the baseline (this build's ModelBenchmarks unless `--baseline` names another) with that variable
set, e.g. `STRAND_BLAS_KERNELS=installed` to time OpenBLAS's own kernel choice against Strand's.
"""
import argparse, json, os, subprocess, statistics, sys
from pathlib import Path

root = Path(__file__).resolve().parents[2]
MODELS = ["plain_rnn", "packed_bilstm", "kim_cnn", "ngram_cnn", "awd_stack", "lstm_128"]
# PyTorch's packed BiLSTM takes ~16 s a step on this machine: fewer timed steps there.
STEPS = {"packed_bilstm": 3}

def run(command, environment=None):
    """Runs a benchmark process; returns its JSON line and its peak resident memory in MiB."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=root,
                               env={**os.environ, **(environment or {})})
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    line = next(l for l in output.splitlines() if l.startswith("{"))
    return json.loads(line), usage.ru_maxrss / 1024

def runtime_report():
    """Strand's runtime line (CPU, OpenBLAS kernels, threads), which every table is printed under."""
    output = subprocess.run([str(root / ".build/release/ModelBenchmarks"), "--only", "none"], capture_output=True, text=True, cwd=root).stdout
    return next(l for l in output.splitlines() if l.startswith("Strand runtime:"))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only")
    parser.add_argument("--baseline", help="another build's ModelBenchmarks, timed in the same alternation")
    parser.add_argument("--baseline-env", action="append", default=[], metavar="KEY=VALUE",
                        help="an environment variable for the baseline process (repeatable); implies --baseline of this build")
    args = parser.parse_args()
    baseline_environment = dict(setting.split("=", 1) for setting in args.baseline_env)
    if baseline_environment and not args.baseline:
        args.baseline = str(root / ".build/release/ModelBenchmarks")
    print(runtime_report() + "\n")
    baseline_label = f"baseline ({' '.join(args.baseline_env)})" if args.baseline_env else "baseline"
    baseline_header = f" | {baseline_label} ms/step" if args.baseline else ""
    print(f"| model | threads | PyTorch ms/step | Strand ms/step | Strand / PyTorch | PyTorch peak MiB | Strand peak MiB{baseline_header} |")
    print("|---|---|---|---|---|---|---|" + ("---|" if args.baseline else ""))
    for model in [m for m in MODELS if not args.only or m == args.only]:
        steps = str(STEPS.get(model, 20))
        for threads in args.threads:
            options = ["--threads", str(threads), "--steps", steps, "--only", model]
            strand, torch, baseline = [], [], []
            for _ in range(args.rounds):
                strand.append(run([str(root / ".build/release/ModelBenchmarks")] + options))
                torch.append(run([sys.executable, str(root / "Benchmarks/Scripts/torch_models.py")] + options))
                if args.baseline:
                    baseline.append(run([args.baseline] + options, baseline_environment))
            mine = statistics.median(r[0]["ms_per_step"] for r in strand)
            theirs = statistics.median(r[0]["ms_per_step"] for r in torch)
            extra = f" {statistics.median(r[0]['ms_per_step'] for r in baseline):.1f} |" if args.baseline else ""
            print(f"| {model} | {threads} | {theirs:.1f} | {mine:.1f} | {mine / theirs:.2f} | {max(r[1] for r in torch):.0f} | {max(r[1] for r in strand):.0f} |{extra}", flush=True)

if __name__ == "__main__":
    main()
