"""Generates convolution_options.json: Conv1d and Conv2d with groups, dilation and every padding
mode, in PyTorch (dev-only; needs torch).

    python3 Tests/NNTests/Fixtures/make_convolution_option_fixtures.py

Each case: the options, the parameters, the input, the output, and the gradients of
sum(output · R) for a fixed random R with respect to the input and every parameter.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(23)
cases = []


def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def record(kind, options, module, shape):
    x = torch.randn(*shape, requires_grad=True)
    y = module(x)
    projection = torch.randn(y.shape)
    (y * projection).sum().backward()
    cases.append({"kind": kind, "options": options, "parameters": {n: entry(p) for n, p in module.named_parameters()},
                  "input": entry(x), "output": entry(y), "projection": entry(projection), "gradient": entry(x.grad),
                  "parameter_gradients": {n: entry(p.grad) for n, p in module.named_parameters()}})


for mode in ["zeros", "reflect", "replicate", "circular"]:
    record("conv1d", {"in": 4, "out": 6, "kernel": 3, "padding": 2, "dilation": 1, "groups": 2, "mode": mode},
           nn.Conv1d(4, 6, 3, padding=2, groups=2, padding_mode=mode), (2, 4, 7))
    record("conv1d", {"in": 4, "out": 4, "kernel": 4, "padding": "same", "dilation": 2, "groups": 4, "mode": mode},
           nn.Conv1d(4, 4, 4, padding="same", dilation=2, groups=4, padding_mode=mode), (2, 4, 9))
    record("conv2d", {"in": 4, "out": 2, "kernel": [3, 2], "padding": [1, 2], "dilation": [2, 1], "groups": 2, "mode": mode},
           nn.Conv2d(4, 2, (3, 2), padding=(1, 2), dilation=(2, 1), groups=2, padding_mode=mode), (2, 4, 6, 5))
path = Path(__file__).with_name("convolution_options.json")
path.write_text(json.dumps({"cases": cases}))
print(f"wrote {path}: {len(cases)} cases, torch {torch.__version__}")
