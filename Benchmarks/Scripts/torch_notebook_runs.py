"""Repeats one of Strand's example training runs in PyTorch, for the whole-run comparison (dev-only).

The Swift example writes its run when STRAND_EXPORT_RUN names a folder: the token ids of every
split, the batches of every epoch in Strand's order and the model's initial weights under PyTorch's
state-dict names. This script builds the notebook's PyTorch model, loads those weights and trains
on the same batches in the same order with the same hyper-parameters, so the two runs differ only
in the library (and in dropout masks):

    STRAND_EXPORT_RUN=/tmp/runs swift run -c release RNNSentiment --full
    STRAND_EXPORT_RUN=/tmp/runs swift run -c release IMDBClassifiers --full --models kim
    STRAND_EXPORT_RUN=/tmp/runs swift run -c release WordEmbeddings --full --classifier-only
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs rnn [--threads 2] [--json out.json]
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs kim_cnn
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs ngram_cnn --name ngram_cnn_glove_frozen
    # RNNSentiment --clean-html --max-grad-norm 1: the ids are already cleaned; clip here too
    python3 Benchmarks/Scripts/torch_notebook_runs.py /tmp/runs rnn --max-grad-norm 1

Models: rnn (notebook 002), bilstm, kim_cnn, kim_cnn_glove (notebook 004), ngram_cnn (notebook 003; its
runs are named `ngram_cnn_[foldN_]EMBEDDINGS`, `--name` picks one, and `torch_word_embeddings_cv.py`
replays every fold of a cross-validation). `--time-batches K` times
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


class NGramCNN(nn.Module):
    """Notebook 003: Embedding(V, D, pad 0) → Conv1d(D, 50, k, SAME) for k = 1, 2, 3 → max over time → Linear(150, 100) → dropout 0.1 → Linear(100, C)."""
    def __init__(self, weights, padding_index, frozen):
        super().__init__()
        self.embeddings = nn.Embedding(*weights["embeddings.weight"].shape, padding_idx=padding_index)
        self.embeddings.weight.requires_grad_(not frozen)
        dimension = weights["embeddings.weight"].shape[1]
        self.conv = nn.ModuleList(nn.Conv1d(dimension, 50, k, padding="same") for k in (1, 2, 3))
        self.fc1, self.dropout, self.fc2 = nn.Linear(150, 100), nn.Dropout(0.1), nn.Linear(100, weights["fc2.weight"].shape[0])

    def forward(self, ids, lengths):
        embedded = self.embeddings(ids).transpose(1, 2)
        pooled = [conv(embedded).max(dim=2).values for conv in self.conv]
        return self.fc2(self.dropout(self.fc1(torch.cat(pooled, dim=1))))


def f1_scores(predictions, labels, classes):
    """Per-class F1 and each class's share of the labels (for the weighted mean)."""
    scores, shares = [], []
    for c in range(classes):
        tp = ((predictions == c) & (labels == c)).sum().item(); fp = ((predictions == c) & (labels != c)).sum().item(); fn = ((predictions != c) & (labels == c)).sum().item()
        scores.append(2 * tp / max(2 * tp + fp + fn, 1)); shares.append((labels == c).sum().item() / len(labels))
    return scores, shares


def batches(run, split, order):
    """The batches of `order` ("train_0", "valid", …) as Strand builds them: padded to the longest review."""
    ids, lengths, labels = run[f"{split}_ids"], run[f"{split}_lengths"], run[f"{split}_labels"]
    indices, offsets = run[f"{order}_indices"], run[f"{order}_offsets"].tolist()
    for start, end in zip(offsets, offsets[1:]):
        batch = indices[start:end]
        width = int(lengths[batch].max())
        yield ids[batch, :width], lengths[batch], labels[batch]


def build(kind, weights, run):
    """The model, loss, prediction and target mapping, early-stopping patience and plateau schedule of `kind`'s recipe."""
    padding = int(run["padding_index"][0])
    if kind == "rnn":        # notebook 002: two logits, cross-entropy, no early stopping
        return SimpleRNN(weights), nn.CrossEntropyLoss(), (lambda out: out.argmax(1)), (lambda y: y), None, False
    if kind == "ngram_cnn":  # notebook 003: class-weighted cross-entropy, ReduceLROnPlateau(0.1, 3), early stopping (patience 5)
        model = NGramCNN(weights, padding, frozen=bool(run["frozen_embeddings"][0]))
        return model, nn.CrossEntropyLoss(weight=run["class_weights"]), (lambda out: out.argmax(1)), (lambda y: y), 5, True
    # notebook 004: one logit, BCE-with-logits, positive when > 0; Strand's examples stop early on
    # the validation loss (patience 3) and restore the best weights
    model = BiLSTMClassifier(weights, padding) if kind == "bilstm" else KimCNN(weights, padding)
    return model, nn.BCEWithLogitsLoss(), (lambda out: (out.squeeze(1) > 0).long()), (lambda y: y.float().unsqueeze(1)), 3, False


def replay(folder, name, kind, threads=2, epochs=None, time_batches=None, max_grad_norm=None, verbose=True):
    """Trains `kind` on the run exported as `name` in `folder` and returns its figures (a dict)."""
    torch.set_num_threads(threads); torch.manual_seed(0)
    say = print if verbose else (lambda *args, **kwargs: None)
    run = load_file(f"{folder}/{name}_run.safetensors")
    weights = load_file(f"{folder}/{name}_initial.safetensors")
    model, criterion, predict, target, patience, plateau = build(kind, weights, run)
    model.load_state_dict(weights, strict=True)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=3) if plateau else None
    classes = max(2, int(run["train_labels"].max()) + 1)

    def evaluate(split):
        model.eval(); total_loss, predictions, labels = 0.0, [], []
        with torch.no_grad():
            for ids, lengths, y in batches(run, split, split):
                out = model(ids, lengths)
                total_loss += criterion(out, target(y)).item() * len(y); predictions.append(predict(out)); labels.append(y)
        predictions, labels = torch.cat(predictions), torch.cat(labels)
        f1, shares = f1_scores(predictions, labels, classes)
        return {"loss": total_loss / len(labels), "accuracy": (predictions == labels).float().mean().item(),
                "f1_macro": sum(f1) / classes, "f1_weighted": sum(f * w for f, w in zip(f1, shares))}

    def train_step(ids, lengths, y):
        optimizer.zero_grad(); loss = criterion(model(ids, lengths), target(y)); loss.backward()
        if max_grad_norm: nn.utils.clip_grad_norm_(model.parameters(), max_grad_norm)
        optimizer.step(); return loss.item()

    epochs = epochs or sum(1 for key in run if key.startswith("train_") and key.endswith("_indices"))
    if time_batches:
        model.train(); start = time.time(); count = 0
        all_batches = list(batches(run, "train", "train_0"))
        for ids, lengths, y in all_batches[:time_batches]:
            train_step(ids, lengths, y); count += 1
        train_seconds = time.time() - start
        start = time.time(); evaluate("valid"); valid_seconds = time.time() - start
        estimate = train_seconds / count * len(all_batches) + valid_seconds
        say(f"{name}: {count} of {len(all_batches)} training batches in {train_seconds:.1f}s, validation {valid_seconds:.1f}s "
            f"→ {estimate:.0f}s per epoch (extrapolated), {threads} threads, torch {torch.__version__}")
        return {"model": kind, "threads": threads, "timed_batches": count, "batches_per_epoch": len(all_batches),
                "train_seconds": train_seconds, "valid_seconds": valid_seconds, "seconds_per_epoch_estimate": estimate}
    say(f"{name}, torch {torch.__version__}, {threads} threads\nepoch  train_loss  valid_loss  accuracy  f1_macro  time")
    records, best = [], None
    for epoch in range(epochs):
        model.train(); start = time.time(); losses = []
        for ids, lengths, y in batches(run, "train", f"train_{epoch}"):
            losses.append(train_step(ids, lengths, y))
        valid = evaluate("valid")
        if scheduler: scheduler.step(valid["loss"])
        seconds = time.time() - start
        records.append({"train_loss": sum(losses) / len(losses), "valid_loss": valid["loss"], "valid_accuracy": valid["accuracy"], "seconds": seconds})
        say(f"{epoch:5d}  {records[-1]['train_loss']:10.4f}  {valid['loss']:10.4f}  {valid['accuracy']:8.4f}  {valid['f1_macro']:8.4f}  {seconds:.1f}s", flush=True)
        if patience is None: continue
        if best is None or valid["loss"] < best[0]:
            best = (valid["loss"], epoch, {k: v.clone() for k, v in model.state_dict().items()})
        elif epoch - best[1] >= patience:
            say(f"early stopping: no improvement for {patience} epochs (best epoch {best[1]})"); break
    if best is not None and best[1] != len(records) - 1:
        model.load_state_dict(best[2]); say(f"restored the weights of epoch {best[1]}")
    test = evaluate("test")
    say(f"test loss {test['loss']:.4f}, test accuracy {test['accuracy']:.4f}, macro F1 {test['f1_macro']:.4f}, weighted F1 {test['f1_weighted']:.4f}")
    return {"model": kind, "name": name, "threads": threads, "epochs": records, "test_accuracy": test["accuracy"],
            "test_f1_macro": test["f1_macro"], "test_f1_weighted": test["f1_weighted"],
            "seconds_per_epoch": sum(r["seconds"] for r in records) / len(records)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder"); parser.add_argument("model", choices=["rnn", "bilstm", "kim_cnn", "kim_cnn_glove", "ngram_cnn"])
    parser.add_argument("--name", help="the exported run's name (default: the model's)")
    parser.add_argument("--threads", type=int, default=2); parser.add_argument("--epochs", type=int)
    parser.add_argument("--time-batches", type=int); parser.add_argument("--json")
    parser.add_argument("--max-grad-norm", type=float, help="clip_grad_norm_ before each step (RNNSentiment --max-grad-norm)")
    args = parser.parse_args()
    result = replay(args.folder, args.name or args.model, args.model, args.threads, args.epochs, args.time_batches, args.max_grad_norm)
    if args.json:
        with open(args.json, "w") as file: json.dump(result, file, indent=1)


if __name__ == "__main__":
    main()
