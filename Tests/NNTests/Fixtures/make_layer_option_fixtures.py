"""Generates pooling.json and convolution_options.json: PyTorch's pooling and convolution layers
with their options (dev-only; needs torch).

    python3 Tests/NNTests/Fixtures/make_layer_option_fixtures.py

pooling.json: MaxPool1d/AvgPool1d with padding, dilation (max), ceil_mode and count_include_pad;
AdaptiveMaxPool1d/AdaptiveAvgPool1d to output sizes that do and do not divide the length (windows
that overlap) and that exceed it; MaxPool2d/AvgPool2d with rectangular kernels, strides, padding,
dilation (max), ceil_mode and count_include_pad.

convolution_options.json: Conv1d and Conv2d with groups (depthwise included), dilation, 'same'
padding and every padding mode (zeros, reflect, replicate, circular).

Each case: the options, the parameters, the input, the output, and the gradients of
sum(output · R) for a fixed random R with respect to the input and every parameter.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn


def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def record(cases, kind, options, module, shape):
    x = torch.randn(*shape, requires_grad=True)
    y = module(x)
    projection = torch.randn(y.shape)
    (y * projection).sum().backward()
    cases.append({"kind": kind, "options": options, "parameters": {n: entry(p) for n, p in module.named_parameters()},
                  "input": entry(x), "output": entry(y), "projection": entry(projection), "gradient": entry(x.grad),
                  "parameter_gradients": {n: entry(p.grad) for n, p in module.named_parameters()}})


def pooling_cases():
    torch.manual_seed(17)
    cases = []
    for kernel, stride, padding, dilation, ceil in [(3, 2, 1, 1, False), (3, 2, 1, 1, True), (2, 1, 0, 2, False), (3, 3, 1, 2, True), (4, 3, 2, 1, True)]:
        record(cases, "maxpool1d", {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil},
               nn.MaxPool1d(kernel, stride, padding, dilation, ceil_mode=ceil), (2, 3, 9))
    for kernel, stride, padding, ceil, include in [(3, 2, 1, False, True), (3, 2, 1, False, False), (3, 2, 1, True, True), (3, 2, 1, True, False), (4, 3, 2, True, True)]:
        record(cases, "avgpool1d", {"kernel": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil, "count_include_pad": include},
               nn.AvgPool1d(kernel, stride, padding, ceil_mode=ceil, count_include_pad=include), (2, 3, 9))
    for size in [1, 3, 4, 7, 12]:
        record(cases, "adaptivemaxpool1d", {"output_size": size}, nn.AdaptiveMaxPool1d(size), (2, 3, 9))
        record(cases, "adaptiveavgpool1d", {"output_size": size}, nn.AdaptiveAvgPool1d(size), (2, 3, 9))
    for kernel, stride, padding, dilation, ceil in [((2, 3), (2, 1), (1, 1), (1, 1), False), ((3, 2), (2, 2), (1, 0), (2, 1), True)]:
        record(cases, "maxpool2d", {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil},
               nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode=ceil), (2, 2, 7, 6))
    for kernel, stride, padding, ceil, include in [((2, 3), (2, 1), (1, 1), False, True), ((3, 2), (2, 2), (1, 1), True, False)]:
        record(cases, "avgpool2d", {"kernel": kernel, "stride": stride, "padding": padding, "ceil_mode": ceil, "count_include_pad": include},
               nn.AvgPool2d(kernel, stride, padding, ceil_mode=ceil, count_include_pad=include), (2, 2, 7, 6))
    return cases


def convolution_cases():
    torch.manual_seed(23)
    cases = []
    for mode in ["zeros", "reflect", "replicate", "circular"]:
        record(cases, "conv1d", {"in": 4, "out": 6, "kernel": 3, "padding": 2, "dilation": 1, "groups": 2, "mode": mode},
               nn.Conv1d(4, 6, 3, padding=2, groups=2, padding_mode=mode), (2, 4, 7))
        record(cases, "conv1d", {"in": 4, "out": 4, "kernel": 4, "padding": "same", "dilation": 2, "groups": 4, "mode": mode},
               nn.Conv1d(4, 4, 4, padding="same", dilation=2, groups=4, padding_mode=mode), (2, 4, 9))
        record(cases, "conv2d", {"in": 4, "out": 2, "kernel": [3, 2], "padding": [1, 2], "dilation": [2, 1], "groups": 2, "mode": mode},
               nn.Conv2d(4, 2, (3, 2), padding=(1, 2), dilation=(2, 1), groups=2, padding_mode=mode), (2, 4, 6, 5))
    return cases


here = Path(__file__).parent
for name, cases in [("pooling.json", pooling_cases()), ("convolution_options.json", convolution_cases())]:
    (here / name).write_text(json.dumps({"cases": cases}))
    print(f"wrote {here / name}: {len(cases)} cases, torch {torch.__version__}")
