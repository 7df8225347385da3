"""Notebook 002's PyTorch model on exactly the data Strand's RNNSentiment example uses (dev-only):

    STRAND_EXPORT_IDS=/tmp/rnn_ids.safetensors swift run -c release RNNSentiment --full --epochs 0
    python3 Benchmarks/Scripts/torch_rnn_sentiment.py /tmp/rnn_ids.safetensors [--epochs 20]

Embedding(25,002, 256) → RNN(256, 5) → RNN(5, 5) → Linear(5, 2), Adam 1e-3, batches of 128 reviews
of similar length (pools of 100 batches sorted by length, batch order shuffled), time-major input
padded at the end — the same setup, to tell the model's behaviour from Strand's implementation.
"""
import argparse, random, time
import torch, torch.nn as nn
from safetensors.torch import load_file

parser = argparse.ArgumentParser(); parser.add_argument("path"); parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads); torch.manual_seed(2); random.seed(2)
data = load_file(args.path)

class SimpleRNN(nn.Module):
    def __init__(s):
        super().__init__(); s.emb = nn.Embedding(25002, 256); s.r1 = nn.RNN(256, 5); s.r2 = nn.RNN(5, 5); s.fc = nn.Linear(5, 2)
    def forward(s, x):
        o, _ = s.r1(s.emb(x)); _, h = s.r2(o); return s.fc(h.squeeze(0))

def batches(split, shuffle):
    ids, lengths, labels = data[f"{split}_ids"], data[f"{split}_lengths"], data[f"{split}_labels"]
    order = list(range(len(labels)))
    if shuffle: random.shuffle(order)
    out = []
    for start in range(0, len(order), 12800):
        pool = sorted(order[start:start + 12800], key=lambda i: -int(lengths[i]))
        out += [pool[i:i + 128] for i in range(0, len(pool), 128)]
    if shuffle: random.shuffle(out)
    for batch in out:
        width = int(lengths[batch].max())
        yield ids[batch, :width].t().contiguous(), labels[batch]

model = SimpleRNN(); optimizer = torch.optim.Adam(model.parameters(), lr=1e-3); criterion = nn.CrossEntropyLoss()
def evaluate(split):
    model.eval(); correct = total = 0; loss = 0.0
    with torch.no_grad():
        for x, y in batches(split, False):
            logits = model(x); loss += criterion(logits, y).item() * len(y); correct += (logits.argmax(1) == y).sum().item(); total += len(y)
    return loss / total, correct / total
for epoch in range(args.epochs):
    start = time.time(); model.train(); losses = []
    for x, y in batches("train", True):
        optimizer.zero_grad(); loss = criterion(model(x), y); loss.backward(); optimizer.step(); losses.append(loss.item())
    valid_loss, valid_accuracy = evaluate("valid")
    print(f"{epoch:5d}  {sum(losses) / len(losses):10.4f}  {valid_loss:10.4f}  {valid_accuracy:8.4f}  {time.time() - start:.1f}s", flush=True)
print("test loss %.4f, test accuracy %.4f" % evaluate("test"))
