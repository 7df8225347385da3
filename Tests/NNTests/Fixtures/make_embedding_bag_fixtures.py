"""Generates embedding_bag.json: torch.nn.EmbeddingBag's outputs and gradients (dev-only; needs torch).

    python3 Tests/NNTests/Fixtures/make_embedding_bag_fixtures.py

A table of 10 × 4 and cases that cover the layer's options: 1-D ids with offsets (an empty bag
included, and `include_last_offset`), 2-D ids (bags of equal length), the three modes, a padding
index whose entries are left out of the bags (and out of the mean's count), and per-sample weights
(sum mode) with their own gradient. The gradient is of sum(output · R) for a fixed random R.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(31)
table = torch.randn(10, 4)


def entry(t):
    t = t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def case(name, ids, offsets=None, mode="mean", padding_idx=None, per_sample_weights=None, include_last_offset=False):
    bag = nn.EmbeddingBag(10, 4, mode=mode, padding_idx=padding_idx, include_last_offset=include_last_offset)
    with torch.no_grad():
        bag.weight.copy_(table)
    weights = None if per_sample_weights is None else torch.tensor(per_sample_weights, requires_grad=True)
    output = bag(torch.tensor(ids), None if offsets is None else torch.tensor(offsets), per_sample_weights=weights)
    projection = torch.randn(output.shape)
    (output * projection).sum().backward()
    result = {"name": name, "ids": ids, "offsets": offsets, "mode": mode, "padding_idx": padding_idx,
              "include_last_offset": include_last_offset, "per_sample_weights": per_sample_weights,
              "projection": entry(projection), "output": entry(output), "weight_gradient": entry(bag.weight.grad)}
    if weights is not None:
        result["per_sample_weights_gradient"] = entry(weights.grad)
    return result


flat = [1, 2, 4, 5, 4, 3, 2, 9, 7, 7, 0]
cases = [
    case("mean with offsets and an empty bag", flat, [0, 3, 3, 8], "mean"),
    case("sum with offsets", flat, [0, 3, 3, 8], "sum"),
    case("max with offsets", flat, [0, 3, 3, 8], "max"),
    case("include last offset", flat, [0, 3, 3, 8, 11], "mean", include_last_offset=True),
    case("padding left out of the mean", flat, [0, 3, 3, 8], "mean", padding_idx=7),
    case("padding left out of the max", flat, [0, 3, 3, 8], "max", padding_idx=4),
    case("per-sample weights", flat, [0, 3, 3, 8], "sum", per_sample_weights=[0.5, -1, 2, 1, 0.25, 3, -0.5, 1.5, 2, -2, 1]),
    case("per-sample weights with padding", flat, [0, 3, 3, 8], "sum", padding_idx=2,
         per_sample_weights=[0.5, -1, 2, 1, 0.25, 3, -0.5, 1.5, 2, -2, 1]),
    case("2-D ids, mean", [[1, 2, 3], [4, 4, 9], [0, 8, 6]], None, "mean"),
    case("2-D ids, max with padding", [[1, 2, 3], [4, 4, 9], [0, 8, 6]], None, "max", padding_idx=4),
]
path = Path(__file__).with_name("embedding_bag.json")
path.write_text(json.dumps({"table": entry(table), "cases": cases}))
print(f"wrote {path}: {len(cases)} cases, torch {torch.__version__}")
