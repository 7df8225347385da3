"""Generates attention.json: MultiheadAttention, TransformerEncoderLayer and TransformerEncoder in
PyTorch (dev-only; needs torch).

    python3 Tests/NNTests/Fixtures/make_attention_fixtures.py

Batch-first attention with a key-padding mask and a float attention mask, the weights averaged and
per head, a causal self-attention; encoder layers post-norm (ReLU) and pre-norm (GELU) with a
padding mask; a two-layer encoder with a final norm. Dropout 0 (evaluation), but with gradients
enabled so PyTorch takes its reference path, not the fused inference one. Each case: parameters
(state-dict names), inputs, outputs and the gradients of sum(output · R).
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(41)
cases = []


def entry(t):
    t = t.detach().float()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def record(name, module, inputs, run, masks):
    module.eval()
    inputs = [x.clone().requires_grad_(True) for x in inputs]
    output, weights, per_head = run(module, *inputs)
    projection = torch.randn(output.shape)
    (output * projection).sum().backward()
    case = {"name": name, "parameters": {n: entry(p) for n, p in module.named_parameters()},
            "inputs": [entry(x) for x in inputs], "masks": {k: entry(v) for k, v in masks.items()},
            "output": entry(output), "projection": entry(projection), "input_gradients": [entry(x.grad) for x in inputs],
            "parameter_gradients": {n: entry(p.grad) for n, p in module.named_parameters()}}
    if weights is not None:
        case["weights"], case["weights_per_head"] = entry(weights), entry(per_head)
    cases.append(case)


padding = torch.tensor([[False, False, False, True, True], [False, False, False, False, False]])
float_mask = torch.randn(4, 5) * 0.5
attention = nn.MultiheadAttention(8, 2, batch_first=True)


def attend(module, q, k, v):
    # A float key-padding mask (−∞ = ignore), the same kind as the float attention mask.
    ignored = torch.zeros(padding.shape).masked_fill(padding, float("-inf"))
    output, weights = module(q, k, v, key_padding_mask=ignored, attn_mask=float_mask)
    per_head = module(q, k, v, key_padding_mask=ignored, attn_mask=float_mask, average_attn_weights=False)[1]
    return output, weights, per_head


record("attention with padding and a float mask", attention, [torch.randn(2, 4, 8), torch.randn(2, 5, 8), torch.randn(2, 5, 8)], attend,
       {"key_padding": padding.float(), "attention": float_mask})

causal = nn.Transformer.generate_square_subsequent_mask(4)
self_attention = nn.MultiheadAttention(6, 3, batch_first=True)


def attend_causally(module, x):
    output, weights = module(x, x, x, attn_mask=causal)
    return output, weights, module(x, x, x, attn_mask=causal, average_attn_weights=False)[1]


# JSON has no −∞: the causal mask is stored as where it is −∞ (1) or 0.
record("causal self-attention", self_attention, [torch.randn(2, 4, 6)], attend_causally, {"attention_ignored": (causal == float("-inf")).float()})

encoder_padding = torch.tensor([[False, False, False, False, True, True], [False] * 6])
for name, layer in [("post-norm ReLU layer", nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)),
                    ("pre-norm GELU layer", nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="gelu", batch_first=True, norm_first=True))]:
    record(name, layer, [torch.randn(2, 6, 8)], lambda m, x: (m(x, src_key_padding_mask=encoder_padding), None, None),
           {"key_padding": encoder_padding.float()})
encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2, norm=nn.LayerNorm(8),
                                enable_nested_tensor=False)
record("two-layer encoder with a final norm", encoder, [torch.randn(2, 6, 8)], lambda m, x: (m(x, src_key_padding_mask=encoder_padding), None, None),
       {"key_padding": encoder_padding.float()})

path = Path(__file__).with_name("attention.json")
path.write_text(json.dumps({"cases": cases}))
print(f"wrote {path}: {len(cases)} cases, torch {torch.__version__}")
