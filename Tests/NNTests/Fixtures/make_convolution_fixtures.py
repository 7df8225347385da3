"""Reference values for Strand's convolutions and pooling (dev-only; needs torch):
    python3 Tests/NNTests/Fixtures/make_convolution_fixtures.py

Writes convolution.json: Conv1d (strides, explicit and 'same' padding with odd and even kernels,
dilation, no bias), Conv2d (Kim-style (k, embedding) kernels, padding, stride), MaxPool1d and
AvgPool1d: parameters, input, output, and gradients of Σ w⊙output w.r.t. the input and parameters.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(3)

def entry(t):
    return {"shape": list(t.shape), "values": [float(f"{v:.9g}") for v in t.detach().flatten().tolist()]}

cases = []
def record(kind, config, module, x):
    x = x.clone().requires_grad_()
    out = module(x)
    w = torch.randn_like(out)
    (out * w).sum().backward()
    cases.append({"kind": kind, "config": config, "parameters": {n: entry(p) for n, p in module.named_parameters()},
                  "input": entry(x), "weight": entry(w), "output": entry(out), "grad_input": entry(x.grad),
                  "grad_parameters": {n: entry(p.grad) for n, p in module.named_parameters()}, "repr": repr(module)})

for k, stride, padding, dilation, bias in [(3, 1, 0, 1, True), (2, 2, 1, 1, True), (3, 1, "same", 1, True), (4, 1, "same", 1, False),
                                            (3, 1, "same", 2, True), (1, 1, 0, 1, True), (5, 3, 2, 2, True)]:
    module = nn.Conv1d(4, 5, k, stride=stride, padding=padding, dilation=dilation, bias=bias)
    record("conv1d", {"in": 4, "out": 5, "kernel": k, "stride": stride, "padding": padding, "dilation": dilation, "bias": bias},
           module, torch.randn(2, 4, 9))
for kernel, stride, padding in [((3, 6), (1, 1), (0, 0)), ((2, 6), (1, 1), (1, 0)), ((3, 2), (2, 1), (1, 1))]:
    module = nn.Conv2d(1, 4, kernel, stride=stride, padding=padding)
    record("conv2d", {"in": 1, "out": 4, "kernel": list(kernel), "stride": list(stride), "padding": list(padding)}, module, torch.randn(2, 1, 7, 6))
record("conv2d", {"in": 2, "out": 3, "kernel": [2, 2], "stride": [1, 1], "padding": [0, 0]}, nn.Conv2d(2, 3, (2, 2)), torch.randn(2, 2, 4, 5))
for k, stride in [(2, None), (3, 1), (3, 2)]:
    record("maxpool1d", {"kernel": k, "stride": stride}, nn.MaxPool1d(k, stride=stride), torch.randn(2, 3, 8))
    record("avgpool1d", {"kernel": k, "stride": stride}, nn.AvgPool1d(k, stride=stride), torch.randn(2, 3, 8))
Path(__file__).with_name("convolution.json").write_text(json.dumps({"torch_version": torch.__version__, "cases": cases}) + "\n")
print(len(cases), "cases")
