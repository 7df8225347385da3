"""Replays every fold of WordEmbeddings' cross-validation in PyTorch and sets it beside Strand's (dev-only).

    STRAND_EXPORT_RUN=/tmp/cv swift run -c release WordEmbeddings --full --folds 10 [--classifier-only]
    python3 Benchmarks/Scripts/torch_word_embeddings_cv.py /tmp/cv \
        --strand output/word-embeddings/cross_validation.json [--threads 2] [--json torch_cv.json]

Each exported run (`ngram_cnn_foldN_EMBEDDINGS`: the fold's ids, Strand's batch orders, the model's
initial weights, the class weights) is trained with `torch_notebook_runs.replay`, the notebook's
recipe in PyTorch. The table gives, per embedding, the mean test accuracy over the folds with its
sample standard deviation on both sides and the difference of the means.
"""
import argparse, glob, json, os, re, statistics, warnings
from torch_notebook_runs import replay

# PyTorch warns that SAME padding with the even kernel (2) copies the input; the recipe needs it.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")
ORDER = ["random", "glove_frozen", "glove_fine_tuned", "word2vec_fine_tuned"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder"); parser.add_argument("--strand", help="Strand's cross_validation.json for the side-by-side table")
    parser.add_argument("--threads", type=int, default=2); parser.add_argument("--json")
    args = parser.parse_args()

    runs = {}
    for path in sorted(glob.glob(f"{args.folder}/ngram_cnn_fold*_run.safetensors")):
        name = os.path.basename(path)[:-len("_run.safetensors")]
        fold, key = re.fullmatch(r"ngram_cnn_fold(\d+)_(.+)", name).groups()
        result = replay(args.folder, name, "ngram_cnn", args.threads, verbose=False)
        print(f"fold {fold} {key}: test accuracy {result['test_accuracy']:.4f}, {len(result['epochs'])} epochs, "
              f"{result['seconds_per_epoch']:.2f} s/epoch", flush=True)
        runs.setdefault(key, []).append(result)
    if not runs:
        raise SystemExit(f"no ngram_cnn_fold*_run.safetensors in {args.folder}: run WordEmbeddings --folds K with STRAND_EXPORT_RUN={args.folder}")

    strand = {}
    if args.strand:
        with open(args.strand) as file: strand = {run["key"]: run for run in json.load(file)["runs"]}
    print(f"\n{'embeddings':22} {'PyTorch accuracy':>18} {'Strand accuracy':>17} {'Strand − PyTorch':>17} {'PyTorch s/epoch':>16} {'Strand s/epoch':>15}")
    summary = {}
    for key, results in sorted(runs.items(), key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER)):
        accuracies = [100 * r["test_accuracy"] for r in results]
        seconds = statistics.mean(r["seconds_per_epoch"] for r in results)
        summary[key] = {"folds": len(results), "accuracy_per_fold": accuracies, "accuracy_mean": statistics.mean(accuracies),
                        "accuracy_sd": statistics.stdev(accuracies) if len(accuracies) > 1 else 0.0,
                        "f1_weighted_mean": statistics.mean(100 * r["test_f1_weighted"] for r in results), "seconds_per_epoch": seconds}
        line = f"{key:22} {summary[key]['accuracy_mean']:9.1f} % ± {summary[key]['accuracy_sd']:3.1f}"
        if key in strand:
            ours = strand[key]
            line += f" {100 * ours['accuracy_mean']:8.1f} % ± {100 * ours['accuracy_sd']:3.1f} {100 * ours['accuracy_mean'] - summary[key]['accuracy_mean']:+16.1f}"
            line += f" {seconds:16.2f} {ours['seconds_per_epoch']:15.2f}"
        else:
            line += f" {'':17} {'':17} {seconds:16.2f}"
        print(line)
    if args.json:
        with open(args.json, "w") as file: json.dump(summary, file, indent=1)


if __name__ == "__main__":
    main()
