"""The demo's classifier run again by fastai (dev-only; needs torch and fastai): the same splits,
the same token ids and vocabulary, the same starting weights (the pretrained encoder and the
head's random initialisation, exported by the example), and notebook 000's recipe —
`text_classifier_learner(dls, AWD_LSTM, drop_mult=0.5)` and `fine_tune(4, 1e-2)` — so the two
runs differ only in the library, its batch order and its dropout masks.

    STRAND_EXPORT_RUN=output/export swift run -c release SentimentRelevance
    python3 Benchmarks/Scripts/fastai_sentiment_relevance.py output/export [--threads 2] [--seeds 3]

Prints the epoch tables, the seconds per epoch and the test accuracy of each seed.
"""
import argparse
import json
import time
from pathlib import Path

import pandas as pd
import torch
from fastai.text.all import (AWD_LSTM, CategoryBlock, ColReader, ColSplitter, DataBlock, TextBlock, accuracy,
                             awd_lstm_clas_config, set_seed, text_classifier_learner)
from fastai.text.core import BaseTokenizer
from safetensors.torch import load_file

parser = argparse.ArgumentParser()
parser.add_argument("export", type=Path)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seeds", type=int, default=3)
parser.add_argument("--epochs", type=int, default=4)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.set_flush_denormal(True)   # as Strand does; without it fastai's LSTM runs many times slower on this CPU

root = Path(__file__).resolve().parents[2]
vocabulary = json.loads((root / "Examples/Data/pretrained-lm/vocabulary.json").read_text())["tokens"]
configuration = json.loads((root / "Examples/Data/pretrained-lm/language_model.json").read_text())
run = load_file(str(args.export / "sentiment_relevance_run.safetensors"))
initial = load_file(str(args.export / "sentiment_relevance_initial.safetensors"))


def rows(split):
    """The split's reviews as space-joined tokens (fastai re-splits them on spaces) and labels."""
    ids, lengths, labels = run[f"{split}_ids"], run[f"{split}_lengths"], run[f"{split}_labels"]
    return [(" ".join(vocabulary[i] for i in ids[r, :lengths[r]].tolist()), int(labels[r])) for r in range(len(lengths))]


frame = pd.DataFrame([(text, label, split == "valid") for split in ["train", "valid"] for text, label in rows(split)],
                     columns=["text", "label", "is_valid"])
test = pd.DataFrame(rows("test"), columns=["text", "label"])
# Tokens are Strand's (spaces never occur inside one; fastai's "\n\n" is kept by splitting on " " only).
tokenizer = BaseTokenizer(split_char=" ")
block = TextBlock.from_df("text", vocab=vocabulary, tok=tokenizer, rules=[], seq_len=72)
blocks = DataBlock(blocks=(block, CategoryBlock(vocab=[0, 1])), get_x=ColReader("text"), get_y=ColReader("label"),
                   splitter=ColSplitter("is_valid"))

config = awd_lstm_clas_config.copy()
config.update(emb_sz=configuration["embeddingSize"], n_hid=configuration["hiddenSize"], n_layers=configuration["layerCount"])
results = []
for seed in range(args.seeds):
    set_seed(seed, reproducible=True)
    dls = blocks.dataloaders(frame, bs=32, num_workers=0)
    learn = text_classifier_learner(dls, AWD_LSTM, drop_mult=0.5, metrics=accuracy, pretrained=False, config=config)
    learn.model.load_state_dict({name: tensor.float() for name, tensor in initial.items()}, strict=True)
    start = time.time()
    with learn.no_bar():
        learn.fine_tune(args.epochs, 1e-2)
    seconds = time.time() - start
    with learn.no_bar():
        predictions, targets = learn.get_preds(dl=dls.test_dl(test, with_labels=True))
    test_accuracy = (predictions.argmax(1) == targets).float().mean().item()
    results.append({"seed": seed, "test_accuracy": test_accuracy, "seconds": seconds,
                    "seconds_per_epoch": seconds / (args.epochs + 1)})
    print(json.dumps(results[-1]))
print(json.dumps({"threads": args.threads, "torch": torch.__version__, "runs": results}))
