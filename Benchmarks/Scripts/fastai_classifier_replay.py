"""An example's AWD-LSTM classifier run again by fastai (dev-only; needs torch and fastai): the
same splits, the same token ids and vocabulary, the same starting weights (the encoder and the
head's random initialisation, exported by the example), and the example's recipe, so the two runs
differ only in the library, its batch order and its dropout masks.

Notebook 000's demo — `text_classifier_learner(dls, AWD_LSTM, drop_mult=0.5)`, `fine_tune(4, 1e-2)`:

    STRAND_EXPORT_RUN=output/export swift run -c release SentimentRelevance
    python3 Benchmarks/Scripts/fastai_classifier_replay.py output/export sentiment_relevance --recipe fine_tune

The same demo started from GloVe (no data/pretrained-lm; its vocabulary is the sample's own and its
budget `fine_tune(16, 2e-2)`):

    python3 Benchmarks/Scripts/fastai_classifier_replay.py output/export sentiment_relevance --recipe fine_tune \
        --vocabulary output/sentiment-relevance/vocabulary.json --epochs 16 --learning-rate 2e-2

Notebook 001's classifier — gradual unfreezing, `slice(lr / 2.6**4, lr)` (run `ULMFiT` with the
same variable; `ulmfit_scratch` is the classifier from random weights):

    STRAND_EXPORT_RUN=output/export swift run -c release ULMFiT
    python3 Benchmarks/Scripts/fastai_classifier_replay.py output/export ulmfit_pretrained --recipe gradual \\
        --vocabulary output/ulmfit/vocabulary.json --epochs 2

Prints each seed's epoch table, seconds and test accuracy, then one JSON line with all of them.
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

root = Path(__file__).resolve().parents[2]
parser = argparse.ArgumentParser()
parser.add_argument("export", type=Path)
parser.add_argument("name", help="the exported run: sentiment_relevance, ulmfit_pretrained or ulmfit_scratch")
parser.add_argument("--recipe", choices=["fine_tune", "gradual"], default="fine_tune")
parser.add_argument("--vocabulary", type=Path, default=root / "data/pretrained-lm/vocabulary.json")
parser.add_argument("--epochs", type=int, default=4, help="fine_tune's epochs, or the epochs after gradual unfreezing")
parser.add_argument("--learning-rate", type=float, default=1e-2, help="fine_tune's base learning rate")
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seeds", type=int, default=3)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.set_flush_denormal(True)   # as Strand does; without it fastai's LSTM runs many times slower on this CPU

vocabulary = json.loads(args.vocabulary.read_text())["tokens"]
run = load_file(str(args.export / f"{args.name}_run.safetensors"))
initial = load_file(str(args.export / f"{args.name}_initial.safetensors"))


def rows(split):
    """The split's reviews as space-joined tokens (fastai re-splits them on spaces) and labels."""
    ids, lengths, labels = run[f"{split}_ids"], run[f"{split}_lengths"], run[f"{split}_labels"]
    return [(" ".join(vocabulary[i] for i in ids[r, :lengths[r]].tolist()), int(labels[r])) for r in range(len(lengths))]


frame = pd.DataFrame([(text, label, split == "valid") for split in ["train", "valid"] for text, label in rows(split)],
                     columns=["text", "label", "is_valid"])
test = pd.DataFrame(rows("test"), columns=["text", "label"])
# Tokens are Strand's (spaces never occur inside one); fastai only splits them on spaces again.
block = TextBlock.from_df("text", vocab=vocabulary, tok=BaseTokenizer(split_char=" "), rules=[], seq_len=72)
blocks = DataBlock(blocks=(block, CategoryBlock(vocab=[0, 1])), get_x=ColReader("text"), get_y=ColReader("label"),
                   splitter=ColSplitter("is_valid"))

# The sizes of the exported model.
config = awd_lstm_clas_config.copy()
layers = sum(1 for name in initial if name.startswith("0.module.rnns.") and name.endswith("weight_hh_l0_raw"))
config.update(emb_sz=initial["0.module.encoder.weight"].shape[1], n_hid=initial["0.module.rnns.0.weight_hh_l0_raw"].shape[1],
              n_layers=layers)


def train(learn):
    if args.recipe == "fine_tune":
        learn.fine_tune(args.epochs, args.learning_rate)
        return
    # ULMFiT's gradual unfreezing, as Examples/ULMFiT/ClassifierStage.swift runs it.
    learn.freeze()
    learn.fit_one_cycle(1, 2e-2)
    for group, rate in [(-2, 1e-2), (-3, 5e-3)]:
        learn.freeze_to(group)
        learn.fit_one_cycle(1, slice(rate / 2.6 ** 4, rate))
    learn.unfreeze()
    learn.fit_one_cycle(args.epochs, slice(1e-3 / 2.6 ** 4, 1e-3))


results = []
for seed in range(args.seeds):
    set_seed(seed, reproducible=True)
    dls = blocks.dataloaders(frame, bs=args.batch_size, num_workers=0)
    learn = text_classifier_learner(dls, AWD_LSTM, drop_mult=0.5, metrics=accuracy, pretrained=False, config=config)
    learn.model.load_state_dict({name: tensor.float() for name, tensor in initial.items()}, strict=True)
    start = time.time()
    with learn.no_bar():
        train(learn)
    seconds = time.time() - start
    with learn.no_bar():
        predictions, targets = learn.get_preds(dl=dls.test_dl(test, with_labels=True))
    test_accuracy = (predictions.argmax(1) == targets).float().mean().item()
    results.append({"seed": seed, "test_accuracy": test_accuracy, "seconds": seconds})
    print(json.dumps(results[-1]))
print(json.dumps({"name": args.name, "recipe": args.recipe, "threads": args.threads, "torch": torch.__version__, "runs": results}))
