"""Generates pooling.json: PyTorch's pooling layers with every option (dev-only; needs torch).

    python3 Tests/NNTests/Fixtures/make_pooling_fixtures.py

MaxPool1d/AvgPool1d with padding, dilation (max), ceil_mode and count_include_pad;
AdaptiveMaxPool1d/AdaptiveAvgPool1d to output sizes that do and do not divide the length (windows
that overlap) and that exceed it; MaxPool2d/AvgPool2d with rectangular kernels, strides, padding,
dilation (max), ceil_mode and count_include_pad. Each case: the input, the output, and the input's
gradient of sum(output · R) for a fixed random R.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(17)
cases = []


def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def record(kind, options, module, shape):
    x = torch.randn(*shape, requires_grad=True)
    y = module(x)
    projection = torch.randn(y.shape)
    (y * projection).sum().backward()
    cases.append({"kind": kind, "options": options, "input": entry(x), "output": entry(y), "projection": entry(projection), "gradient": entry(x.grad)})


for kernel, stride, padding, dilation, ceil in [(3, 2, 1, 1, False), (3, 2, 1, 1, True), (2, 1, 0, 2, False), (3, 3, 1, 2, True), (4, 3, 2, 1, True)]:
    record("maxpool1d", {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil},
           nn.MaxPool1d(kernel, stride, padding, dilation, ceil_mode=ceil), (2, 3, 9))
for kernel, stride, padding, ceil, include in [(3, 2, 1, False, True), (3, 2, 1, False, False), (3, 2, 1, True, True), (3, 2, 1, True, False), (4, 3, 2, True, True)]:
    record("avgpool1d", {"kernel": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil, "count_include_pad": include},
           nn.AvgPool1d(kernel, stride, padding, ceil_mode=ceil, count_include_pad=include), (2, 3, 9))
for size in [1, 3, 4, 7, 12]:
    record("adaptivemaxpool1d", {"output_size": size}, nn.AdaptiveMaxPool1d(size), (2, 3, 9))
    record("adaptiveavgpool1d", {"output_size": size}, nn.AdaptiveAvgPool1d(size), (2, 3, 9))
for kernel, stride, padding, dilation, ceil in [((2, 3), (2, 1), (1, 1), (1, 1), False), ((3, 2), (2, 2), (1, 0), (2, 1), True)]:
    record("maxpool2d", {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil},
           nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode=ceil), (2, 2, 7, 6))
for kernel, stride, padding, ceil, include in [((2, 3), (2, 1), (1, 1), False, True), ((3, 2), (2, 2), (1, 1), True, False)]:
    record("avgpool2d", {"kernel": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil, "count_include_pad": include},
           nn.AvgPool2d(kernel, stride, padding, ceil_mode=ceil, count_include_pad=include), (2, 2, 7, 6))

path = Path(__file__).with_name("pooling.json")
path.write_text(json.dumps({"cases": cases}))
print(f"wrote {path}: {len(cases)} cases, torch {torch.__version__}")
