"""Side-by-side table of Strand's Tensor micro-benchmarks against NumPy at equal thread counts.

Usage (from the repository root, after `swift build -c release --product TensorBenchmarks`):
    python3 Benchmarks/Scripts/compare_tensor.py [--threads 1 2]

Runs Benchmarks/Scripts/numpy_ops.py with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set, and
.build/release/TensorBenchmarks --threads N, then prints a Markdown table: median ms of each,
the ratio Strand / NumPy (below 1.0 means Strand is faster), and for matmul the GFLOP/s and the
ratio to a raw cblas_sgemm call made from the same process.
"""
import argparse, json, os, subprocess, sys
from pathlib import Path

root = Path(__file__).resolve().parents[2]

def run_lines(command, env=None):
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    print("| threads | op | n | NumPy ms | Strand ms | Strand/NumPy | Strand GFLOP/s | Strand/raw sgemm |")
    print("|---|---|---|---|---|---|---|---|")
    for threads in args.threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
        numpy = {(r["op"], r["n"]): r for r in run_lines([sys.executable, str(root / "Benchmarks/Scripts/numpy_ops.py")], env)}
        strand = {(r["op"], r["n"]): r for r in run_lines([str(root / ".build/release/TensorBenchmarks"), "--threads", str(threads)])}
        for (op, n), mine in strand.items():
            if op == "raw_sgemm":
                continue
            theirs = numpy.get((op, n))
            ratio = f"{mine['ms'] / theirs['ms']:.2f}" if theirs else "—"
            gflops = f"{mine['gflops']:.0f}" if "gflops" in mine else ""
            raw = strand.get(("raw_sgemm", n))
            to_raw = f"{raw['ms'] / mine['ms']:.1%}" if op == "matmul" and raw else ""
            numpy_ms = f"{theirs['ms']:.3f}" if theirs else "—"
            print(f"| {threads} | {op} | {n} | {numpy_ms} | {mine['ms']:.3f} | {ratio} | {gflops} | {to_raw} |")

if __name__ == "__main__":
    main()
