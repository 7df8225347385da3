"""Generates fastai's language-model batch layout for a small corpus (dev-only; needs fastai):
    python3 Tests/TextDataTests/Fixtures/make_language_model_fixture.py

Writes language_model_batches.json next to this script: the documents (token ids) and the
(inputs, targets) of every batch of `LMDataLoader(documents, bs=3, seq_len=L, shuffle=False)` for
L = 4 (the rows split evenly) and L = 5 (a shorter last batch).
"""
import json
import random
from pathlib import Path

import torch
from fastai.text.data import LMDataLoader

here = Path(__file__).parent
random.seed(3)
documents = [[100 * d + t for t in range(random.randint(2, 9))] for d in range(7)]
layouts = []
for sequence_length in (4, 5):
    loader = LMDataLoader([torch.tensor(d) for d in documents], bs=3, seq_len=sequence_length, shuffle=False)
    layouts.append({"batch_size": 3, "sequence_length": sequence_length,
                    "batches": [{"inputs": x.tolist(), "targets": y.tolist()} for x, y in loader]})
(here / "language_model_batches.json").write_text(json.dumps({"documents": documents, "layouts": layouts}) + "\n")
print(f"{[len(l['batches']) for l in layouts]} batches from {sum(map(len, documents))} tokens")
