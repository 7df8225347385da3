"""Reference values for Strand's recurrent layers (dev-only; needs torch):
    python3 Tests/NNTests/Fixtures/make_recurrent_fixtures.py

Writes recurrent.json: for every cell (LSTM, GRU, tanh RNN, ReLU RNN), 1–3 layers, uni- and
bidirectional, with and without initial states, with and without variable lengths (an unsorted
batch through pack_padded_sequence(enforce_sorted=False)), and batch-first or time-first input,
then the LSTM with proj_size (drawn last, so the other cases keep their values):
the parameters (PyTorch names), the input, the outputs (padded back to the input's length) and
final states, and the gradients of L = Σ w_o⊙output + Σ w_h⊙h_n (+ Σ w_c⊙c_n) with respect to the
input, the initial states and every parameter. Also one step of each cell module.
"""
import itertools, json
from pathlib import Path

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(11)
T, B, IN, H = 5, 3, 4, 3
LENGTHS = [3, 5, 2]          # unsorted on purpose

def entry(t):
    # 9 significant digits round-trip every float32 exactly.
    return {"shape": list(t.shape), "values": [float(f"{v:.9g}") for v in t.detach().flatten().tolist()]}

def build(kind, layers, bidirectional, batch_first, proj_size=0):
    common = dict(num_layers=layers, bidirectional=bidirectional, batch_first=batch_first)
    if kind == "lstm": return nn.LSTM(IN, H, proj_size=proj_size, **common)
    if kind == "gru": return nn.GRU(IN, H, **common)
    return nn.RNN(IN, H, nonlinearity="relu" if kind == "rnn_relu" else "tanh", **common)

def layer_case(kind, layers, bidirectional, with_state, variable, batch_first, proj_size=0):
    module = build(kind, layers, bidirectional, batch_first, proj_size)
    D = 2 if bidirectional else 1
    x = torch.randn((B, T, IN) if batch_first else (T, B, IN), requires_grad=True)
    h0 = torch.randn(layers * D, B, proj_size or H, requires_grad=True)
    c0 = torch.randn(layers * D, B, H, requires_grad=True)
    state = None
    if with_state: state = (h0, c0) if kind == "lstm" else h0
    if variable:
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=batch_first, enforce_sorted=False)
        out, final = module(packed, state)
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=T)
    else:
        out, final = module(x, state)
    h_n, c_n = final if kind == "lstm" else (final, None)
    w_out, w_h = torch.randn_like(out), torch.randn_like(h_n)
    loss = (out * w_out).sum() + (h_n * w_h).sum()
    w_c = torch.randn_like(c_n if c_n is not None else h_n)
    if c_n is not None: loss = loss + (c_n * w_c).sum()
    loss.backward()
    return {"kind": kind, "layers": layers, "bidirectional": bidirectional, "with_state": with_state, "variable": variable,
            "batch_first": batch_first, "proj_size": proj_size, "lengths": LENGTHS if variable else None,
            "parameters": {name: entry(p) for name, p in module.named_parameters()},
            "input": entry(x), "h0": entry(h0), "c0": entry(c0), "w_out": entry(w_out), "w_h": entry(w_h), "w_c": entry(w_c),
            "output": entry(out), "h_n": entry(h_n), "c_n": entry(c_n) if c_n is not None else None,
            "grad_input": entry(x.grad), "grad_h0": entry(h0.grad) if with_state else None,
            "grad_c0": entry(c0.grad) if with_state and kind == "lstm" else None,
            "grad_parameters": {name: entry(p.grad) for name, p in module.named_parameters()}}

combos = [(k, l, b, s, v, f) for k in ["lstm", "gru", "rnn_tanh", "rnn_relu"] for l in [1, 2, 3] for b in [False, True]
          for s in [False, True] for v in [False, True] for f in [False, True]
          if (l < 3 or k == "lstm") and (not f or (s and v))]
cases = [layer_case(*combo) for combo in combos]

cells = []
for kind, module in [("lstm", nn.LSTMCell(IN, H)), ("gru", nn.GRUCell(IN, H)), ("rnn_tanh", nn.RNNCell(IN, H))]:
    x = torch.randn(B, IN, requires_grad=True); h = torch.randn(B, H, requires_grad=True); c = torch.randn(B, H, requires_grad=True)
    result = module(x, (h, c)) if kind == "lstm" else module(x, h)
    h1, c1 = result if kind == "lstm" else (result, None)
    w_h = torch.randn_like(h1); w_c = torch.randn_like(h1)
    loss = (h1 * w_h).sum() + ((c1 * w_c).sum() if c1 is not None else 0)
    loss.backward()
    cells.append({"kind": kind, "parameters": {n: entry(p) for n, p in module.named_parameters()}, "input": entry(x), "h0": entry(h), "c0": entry(c),
                  "w_h": entry(w_h), "w_c": entry(w_c), "h1": entry(h1), "c1": entry(c1) if c1 is not None else None,
                  "grad_input": entry(x.grad), "grad_h0": entry(h.grad), "grad_c0": entry(c.grad) if c1 is not None else None,
                  "grad_parameters": {n: entry(p.grad) for n, p in module.named_parameters()}})

reprs = {"lstm": repr(nn.LSTM(100, 256, num_layers=2, dropout=0.2, bidirectional=True)),
         "lstm_projection": repr(nn.LSTM(8, 6, batch_first=True, proj_size=4)), "gru": repr(nn.GRU(4, 3, batch_first=True)),
         "rnn": repr(nn.RNN(256, 5, nonlinearity="relu", bias=False)), "lstm_cell": repr(nn.LSTMCell(4, 3))}
# A notebook-004-sized BiLSTM checkpoint written by safetensors.torch.save_file, with an input and
# the outputs it must give in Strand.
from safetensors.torch import save_file
bilstm = nn.LSTM(6, 5, num_layers=2, bidirectional=True).eval()
x = torch.randn(7, 3, 6)
out, (h_n, c_n) = bilstm(pack_padded_sequence(x, torch.tensor([7, 4, 2])))
out, _ = pad_packed_sequence(out, total_length=7)
save_file({**{k: v.contiguous() for k, v in bilstm.state_dict().items()}, "input": x, "lengths": torch.tensor([7, 4, 2]),
           "expected_output": out.detach(), "expected_h_n": h_n.detach(), "expected_c_n": c_n.detach()},
          str(Path(__file__).with_name("bilstm.safetensors")))

# LSTMs with proj_size 2 < H = 3: 1–2 layers, both directions, states, lengths, and one batch-first.
cases += [layer_case("lstm", layers, bidirectional, with_state, variable, False, proj_size=2)
          for layers in [1, 2] for bidirectional in [False, True] for with_state in [False, True] for variable in [False, True]]
cases.append(layer_case("lstm", 2, True, True, True, True, proj_size=2))

Path(__file__).with_name("recurrent.json").write_text(json.dumps({"torch_version": torch.__version__, "cases": cases, "cells": cells, "reprs": reprs}) + "\n")
print(len(cases), "layer cases,", len(cells), "cells")
