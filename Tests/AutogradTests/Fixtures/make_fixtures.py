"""Generates the PyTorch reference values the Autograd tests compare against.

Run from the repository root with a Python that has torch (dev-only; never a dependency):
    python3 Tests/AutogradTests/Fixtures/make_fixtures.py

Writes mlp_parity.json: a 2-layer MLP (Linear → ReLU → Linear) with softmax cross-entropy on a
fixed batch — its inputs, weights, loss, and the gradient of the loss with respect to the input and
every parameter, all computed by torch in float32. Weights use PyTorch's layout (out, in).
"""
import json
from pathlib import Path

import torch

torch.manual_seed(2026)
batch, features, hidden, classes = 8, 5, 16, 3

x = torch.randn(batch, features, requires_grad=True)
targets = torch.randint(0, classes, (batch,))
first = torch.nn.Linear(features, hidden)
second = torch.nn.Linear(hidden, classes)

logits = second(torch.relu(first(x)))
loss = torch.nn.functional.cross_entropy(logits, targets)
loss.backward()

def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}

fixture = {
    "torch_version": torch.__version__,
    "x": entry(x), "targets": targets.tolist(),
    "w1": entry(first.weight), "b1": entry(first.bias),
    "w2": entry(second.weight), "b2": entry(second.bias),
    "logits": entry(logits), "loss": loss.item(),
    "grad_x": entry(x.grad),
    "grad_w1": entry(first.weight.grad), "grad_b1": entry(first.bias.grad),
    "grad_w2": entry(second.weight.grad), "grad_b2": entry(second.bias.grad),
}
path = Path(__file__).with_name("mlp_parity.json")
path.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {path} (loss {loss.item():.6f})")
