"""Generates activations.json: each activation's output and input gradient in PyTorch (dev-only).

Run from the repository root with a Python that has torch:
    python3 Tests/AutogradTests/Fixtures/make_activation_fixtures.py

The input holds random values and the places where definitions differ: the kinks (0, the
hardtanh bounds, softplus's threshold), large magnitudes (±30, ±100) where naive formulas
overflow, and tiny values. The gradient is of sum(activation(x) · weights), with random weights,
so every element's derivative is checked on its own scale.

The reference is computed in float64 from float32 inputs: PyTorch's own float32 kernels carry
rounding of their own (its exact GELU computes 1 + erf(x/√2), which cancels for negative x and is
off by 5e-7 at x = −3), and Strand is held to the true value, element by element.
"""
import json
from pathlib import Path

import torch
import torch.nn.functional as F

torch.manual_seed(2026)
special = [0.0, -1.0, 1.0, 20.0, 10.0, -20.0, 30.0, -30.0, 100.0, -100.0, 1e-4, -1e-4, 0.5, -0.5, 2.0, -2.0, 5.0, -5.0]
x = torch.cat([torch.tensor(special), torch.randn(46) * 3]).double()
weights = torch.randn(x.numel()).double()

cases = {
    "gelu": lambda x: F.gelu(x),
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "silu": F.silu,
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    "leaky_relu_0.2": lambda x: F.leaky_relu(x, 0.2),
    "elu": lambda x: F.elu(x),
    "elu_0.5": lambda x: F.elu(x, alpha=0.5),
    "softplus": lambda x: F.softplus(x),
    "softplus_beta2_threshold10": lambda x: F.softplus(x, beta=2, threshold=10),
    "hardtanh": lambda x: F.hardtanh(x),
    "hardtanh_-2_0.5": lambda x: F.hardtanh(x, -2, 0.5),
    "log_sigmoid": F.logsigmoid,
}


def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


fixture = {"x": entry(x), "weights": entry(weights), "cases": {}}
for name, function in cases.items():
    inputs = x.clone().requires_grad_(True)
    output = function(inputs)
    (output * weights).sum().backward()
    fixture["cases"][name] = {"output": entry(output), "gradient": entry(inputs.grad)}

path = Path(__file__).with_name("activations.json")
path.write_text(json.dumps(fixture))
print(f"wrote {path} ({len(cases)} activations on {x.numel()} values, torch {torch.__version__})")
