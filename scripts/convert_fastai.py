"""Converts a fastai (or plain PyTorch) model checkpoint to safetensors for Strand (dev-only: needs
torch and safetensors, never imported by Strand):

    python3 scripts/convert_fastai.py MODEL.pth OUT.safetensors

MODEL.pth may be what `learn.save(...)` writes (a dict with `model` and `opt`), a bare state dict,
or a pickled module (`learn.export` / `torch.save(model)`). Every key is kept under its own name —
tied weights (an AWD-LSTM's `0.encoder.weight`, `0.encoder_dp.emb.weight`, `1.decoder.weight`)
become separate copies, which safetensors requires and Strand's `loadStateDict` accepts — so the
file loads into the matching Strand model with `strict: true`.
"""
import sys

import torch
from safetensors.torch import save_file


def state_dict_of(checkpoint):
    if isinstance(checkpoint, torch.nn.Module):
        return checkpoint.state_dict()
    if hasattr(checkpoint, "model") and isinstance(checkpoint.model, torch.nn.Module):  # a fastai Learner
        return checkpoint.model.state_dict()
    if isinstance(checkpoint, dict) and "model" in checkpoint and isinstance(checkpoint["model"], dict):
        return checkpoint["model"]
    if isinstance(checkpoint, dict):
        return checkpoint
    raise SystemExit(f"not a checkpoint this script knows: {type(checkpoint).__name__}")


def convert(source, destination):
    state = state_dict_of(torch.load(source, map_location="cpu", weights_only=False))
    tensors = {key: value.detach().float().contiguous().clone() if value.is_floating_point() else value.contiguous().clone()
               for key, value in state.items()}
    save_file(tensors, destination)
    return tensors


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    written = convert(sys.argv[1], sys.argv[2])
    print(f"{len(written)} tensors written to {sys.argv[2]}")
