"""Generates the fastai reference values of the AWD-LSTM tests (dev-only; needs fastai, torch and
safetensors):
    python3 Tests/NNTests/Fixtures/make_awd_lstm_fixtures.py

Writes, next to this script:
- awd_lstm.safetensors  a small AWD-LSTM language model's state dict (fastai's own initialisation),
                        saved as a user would: `learn.save`, then scripts/convert_fastai.py;
- awd_lstm.json         in evaluation mode, three consecutive batches (the hidden state carried from
                        one to the next, the third smaller) and their logits; the gradients of the
                        second batch's loss (cross-entropy + AR + TAR, α 2, β 1) for every parameter;
                        AR and TAR of fixed tensors.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import torch.nn.functional as F
from fastai.text.all import AWD_LSTM, get_language_model

here = Path(__file__).parent
torch.manual_seed(11)
vocabulary = 30
config = dict(emb_sz=6, n_hid=10, n_layers=3, pad_token=1, bidir=False, output_p=0.1, hidden_p=0.15,
              input_p=0.25, embed_p=0.02, weight_p=0.2, tie_weights=True, out_bias=True)
model = get_language_model(AWD_LSTM, vocabulary, config=config)
# fastai starts the decoder bias at zero; give it values so its gradient path is tested too.
with torch.no_grad():
    model[1].decoder.bias.uniform_(-0.1, 0.1)

def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}

with tempfile.TemporaryDirectory() as folder:
    checkpoint = Path(folder) / "model.pth"
    torch.save({"model": model.state_dict(), "opt": None}, checkpoint)   # what learn.save writes
    converter = here.parent.parent.parent / "scripts" / "convert_fastai.py"
    subprocess.run([sys.executable, str(converter), str(checkpoint), str(here / "awd_lstm.safetensors")], check=True)

ids = [torch.randint(0, vocabulary, (3, 5)), torch.randint(0, vocabulary, (3, 5)), torch.randint(0, vocabulary, (2, 4))]
targets = torch.randint(0, vocabulary, (3, 5))
ids[0][0, 0] = 1   # a padding token: no gradient through the lookup, only through the tied decoder

model.eval()
model.reset()
logits = []
with torch.no_grad():
    logits.append(model(ids[0])[0])
out, raw, dropped = model(ids[1])
logits.append(out)
cross_entropy = F.cross_entropy(out.reshape(-1, vocabulary), targets.reshape(-1))
ar = 2 * dropped.pow(2).mean()
tar = 1 * (raw[:, 1:] - raw[:, :-1]).pow(2).mean()
(cross_entropy + ar + tar).backward()
with torch.no_grad():
    logits.append(model(ids[2])[0])

fixed = torch.randn(2, 4, 3)
payload = {
    "vocabulary": vocabulary,
    "config": config,
    "ids": [t.tolist() for t in ids],
    "targets": targets.tolist(),
    "logits": [entry(t) for t in logits],
    "loss": {"cross_entropy": cross_entropy.item(), "ar": ar.item(), "tar": tar.item()},
    "grads": {name: entry(p.grad) for name, p in model.named_parameters()},
    "state_dict_keys": list(model.state_dict().keys()),
    "parameter_names": [name for name, _ in model.named_parameters()],
    "regularisation": {"activations": entry(fixed), "ar_alpha_2": 2 * fixed.pow(2).mean().item(),
                       "tar_beta_1": (fixed[:, 1:] - fixed[:, :-1]).pow(2).mean().item()},
}
(here / "awd_lstm.json").write_text(json.dumps(payload, indent=1) + "\n")
print("wrote awd_lstm.json and awd_lstm.safetensors")
