"""Repeats one of Strand's example training runs in PyTorch, for the whole-run comparison (dev-only).

The Swift example writes its run when STRAND_EXPORT_RUN names a folder: the token ids of every
split, the batches of every epoch in Strand's order and the model's initial weights under PyTorch's
state-dict names. This script builds the notebook's PyTorch model, loads those weights and trains
on the same batches in the same order with the same hyper-parameters, so the two runs differ only
in the library (and in dropout masks):

    STRAND_EXPORT_RUN=/tmp/runs swift run -c release RNNSentiment --full
    STRAND_EXPORT_RUN=/tmp/runs swift run -c release IMDBClassifiers --full --models kim
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs rnn [--threads 2] [--json out.json]
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs kim_cnn
    # RNNSentiment --clean-html --max-grad-norm 1: the ids are already cleaned; clip here too
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs rnn --max-grad-norm 1

Models: rnn (notebook 002), bilstm, kim_cnn, kim_cnn_glove (notebook 004). `--time-batches K` times
only the first K training batches of epoch 0 and one validation pass and extrapolates an epoch
(for runs too slow to repeat whole).
"""
import argparse, json, time
import torch, torch.nn as nn
from safetensors.torch import load_file


class SimpleRNN(nn.Module):
    """Notebook 002: Embedding(V, 256) → RNN(256, 5) → RNN(5, 5) → Linear(5, 2); time-major ids."""
    def __init__(self, weights):
        super().__init__()
        self.embedding = nn.Embedding(*weights["embedding.weight"].shape)
        self.first, self.second, self.output = nn.RNN(256, 5), nn.RNN(5, 5), nn.Linear(5, 2)

    def forward(self, ids, lengths):
        hidden = self.second(self.first(self.embedding(ids.t()))[0])[1]
        return self.output(hidden.squeeze(0))


class BiLSTMClassifier(nn.Module):
    """Notebook 004: Embedding(V, 100) → packed 2-layer BiLSTM(256, dropout 0.2) → [h_fwd, h_bwd] → Linear(512, 1)."""
    def __init__(self, weights, padding_index):
        super().__init__()
        self.embedding = nn.Embedding(*weights["embedding.weight"].shape, padding_idx=padding_index)
        self.rnn = nn.LSTM(100, 256, num_layers=2, dropout=0.2, bidirectional=True)
        self.dropout, self.output = nn.Dropout(0.2), nn.Linear(512, 1)

    def forward(self, ids, lengths):
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(ids.t()), lengths, enforce_sorted=False)
        hidden = self.rnn(packed)[1][0]
        return self.output(self.dropout(torch.cat([hidden[2], hidden[3]], dim=1)))


class KimCNN(nn.Module):
    """Notebook 004: Embedding(V, D) → Conv2d(1, 64, (k, D)) for k = 3, 4, 5 → ReLU → max over time → Linear(192, 1)."""
    def __init__(self, weights, padding_index):
        super().__init__()
        count, dimension = weights["embedding.weight"].shape
        self.embedding = nn.Embedding(count, dimension, padding_idx=padding_index)
        self.convolutions = nn.ModuleList(nn.Conv2d(1, 64, (k, dimension)) for k in (3, 4, 5))
        self.dropout, self.output = nn.Dropout(0.5), nn.Linear(192, 1)

    def forward(self, ids, lengths):
        embedded = self.embedding(ids).unsqueeze(1)
        pooled = [torch.relu(conv(embedded)).squeeze(3).max(dim=2).values for conv in self.convolutions]
        return self.output(self.dropout(torch.cat(pooled, dim=1)))


def batches(run, split, order):
    """The batches of `order` ("train_0", "valid", …) as Strand builds them: padded to the longest review."""
    ids, lengths, labels = run[f"{split}_ids"], run[f"{split}_lengths"], run[f"{split}_labels"]
    indices, offsets = run[f"{order}_indices"], run[f"{order}_offsets"].tolist()
    for start, end in zip(offsets, offsets[1:]):
        batch = indices[start:end]
        width = int(lengths[batch].max())
        yield ids[batch, :width], lengths[batch], labels[batch]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder"); parser.add_argument("model", choices=["rnn", "bilstm", "kim_cnn", "kim_cnn_glove"])
    parser.add_argument("--threads", type=int, default=2); parser.add_argument("--epochs", type=int)
    parser.add_argument("--time-batches", type=int); parser.add_argument("--json")
    parser.add_argument("--max-grad-norm", type=float, help="clip_grad_norm_ before each step (RNNSentiment --max-grad-norm)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads); torch.manual_seed(0)

    run = load_file(f"{args.folder}/{args.model}_run.safetensors")
    weights = load_file(f"{args.folder}/{args.model}_initial.safetensors")
    padding = int(run["padding_index"][0])
    model = SimpleRNN(weights) if args.model == "rnn" else BiLSTMClassifier(weights, padding) if args.model == "bilstm" else KimCNN(weights, padding)
    model.load_state_dict(weights, strict=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    if args.model == "rnn":   # two logits, cross-entropy; argmax
        criterion, predict, target = nn.CrossEntropyLoss(), (lambda out: out.argmax(1)), (lambda y: y)
    else:                     # one logit, BCE-with-logits; positive when > 0
        criterion, predict, target = nn.BCEWithLogitsLoss(), (lambda out: (out.squeeze(1) > 0).long()), (lambda y: y.float().unsqueeze(1))
    # Strand's examples stop early on the validation loss (patience 3) and restore the best weights;
    # notebook 002 has no early stopping.
    patience = None if args.model == "rnn" else 3

    def evaluate(split):
        model.eval(); total_loss, predictions, labels = 0.0, [], []
        with torch.no_grad():
            for ids, lengths, y in batches(run, split, split):
                out = model(ids, lengths)
                total_loss += criterion(out, target(y)).item() * len(y); predictions.append(predict(out)); labels.append(y)
        predictions, labels = torch.cat(predictions), torch.cat(labels)
        f1 = []
        for c in (0, 1):
            tp = ((predictions == c) & (labels == c)).sum().item(); fp = ((predictions == c) & (labels != c)).sum().item(); fn = ((predictions != c) & (labels == c)).sum().item()
            f1.append(2 * tp / max(2 * tp + fp + fn, 1))
        return total_loss / len(labels), (predictions == labels).float().mean().item(), sum(f1) / 2

    def train_step(ids, lengths, y):
        optimizer.zero_grad(); loss = criterion(model(ids, lengths), target(y)); loss.backward()
        if args.max_grad_norm: nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
        optimizer.step(); return loss.item()

    epochs = args.epochs or sum(1 for key in run if key.startswith("train_") and key.endswith("_indices"))
    if args.time_batches:
        model.train(); start = time.time(); count = 0
        all_batches = list(batches(run, "train", "train_0"))
        for ids, lengths, y in all_batches[:args.time_batches]:
            train_step(ids, lengths, y); count += 1
        train_seconds = time.time() - start
        start = time.time(); evaluate("valid"); valid_seconds = time.time() - start
        estimate = train_seconds / count * len(all_batches) + valid_seconds
        print(f"{args.model}: {count} of {len(all_batches)} training batches in {train_seconds:.1f}s, validation {valid_seconds:.1f}s "
              f"→ {estimate:.0f}s per epoch (extrapolated), {args.threads} threads, torch {torch.__version__}")
        result = {"model": args.model, "threads": args.threads, "timed_batches": count, "batches_per_epoch": len(all_batches),
                  "train_seconds": train_seconds, "valid_seconds": valid_seconds, "seconds_per_epoch_estimate": estimate}
    else:
        print(f"{args.model}, torch {torch.__version__}, {args.threads} threads\nepoch  train_loss  valid_loss  accuracy  f1_macro  time")
        records, best = [], None
        for epoch in range(epochs):
            model.train(); start = time.time(); losses = []
            for ids, lengths, y in batches(run, "train", f"train_{epoch}"):
                losses.append(train_step(ids, lengths, y))
            valid_loss, accuracy, f1 = evaluate("valid")
            seconds = time.time() - start
            records.append({"train_loss": sum(losses) / len(losses), "valid_loss": valid_loss, "valid_accuracy": accuracy, "seconds": seconds})
            print(f"{epoch:5d}  {records[-1]['train_loss']:10.4f}  {valid_loss:10.4f}  {accuracy:8.4f}  {f1:8.4f}  {seconds:.1f}s", flush=True)
            if patience is None: continue
            if best is None or valid_loss < best[0]:
                best = (valid_loss, epoch, {k: v.clone() for k, v in model.state_dict().items()})
            elif epoch - best[1] >= patience:
                print(f"early stopping: no improvement for {patience} epochs (best epoch {best[1]})"); break
        if best is not None and best[1] != len(records) - 1:
            model.load_state_dict(best[2]); print(f"restored the weights of epoch {best[1]}")
        test_loss, test_accuracy, test_f1 = evaluate("test")
        print(f"test loss {test_loss:.4f}, test accuracy {test_accuracy:.4f}, macro F1 {test_f1:.4f}")
        result = {"model": args.model, "threads": args.threads, "epochs": records, "test_accuracy": test_accuracy, "test_f1_macro": test_f1,
                  "seconds_per_epoch": sum(r["seconds"] for r in records) / len(records)}
    if args.json:
        with open(args.json, "w") as file: json.dump(result, file, indent=1)


if __name__ == "__main__":
    main()
