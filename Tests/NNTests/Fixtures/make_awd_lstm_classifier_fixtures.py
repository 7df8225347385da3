"""Generates the fastai reference values of the AWD-LSTM classifier tests (dev-only; needs fastai,
torch and safetensors):
    python3 Tests/NNTests/Fixtures/make_awd_lstm_classifier_fixtures.py

Writes, next to this script:
- awd_lstm_classifier.safetensors  `get_text_classifier(AWD_LSTM, 30, 3, seq_len=4, drop_mult=0.5,
                                   max_len=8)` with a small encoder, its BatchNorm statistics set to
                                   non-trivial values, converted by scripts/convert_fastai.py;
- awd_lstm_classifier.json         a chunk-padded batch of four reviews (lengths 11, 9, 7, 3:
                                   padding before and after the tokens, the first chunk beyond
                                   max_len), its logits in evaluation mode, the cross-entropy and
                                   the gradient of every parameter.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
import torch.nn.functional as F
from fastai.text.all import AWD_LSTM, awd_lstm_clas_config, get_text_classifier
from fastai.text.data import pad_chunk

here = Path(__file__).parent
torch.manual_seed(12)
vocabulary, classes, bptt = 30, 3, 4
config = dict(awd_lstm_clas_config, emb_sz=6, n_hid=10)
model = get_text_classifier(AWD_LSTM, vocabulary, classes, seq_len=bptt, config=config, drop_mult=0.5, max_len=2 * bptt)
with torch.no_grad():
    for block in model[1].layers:
        norm = block[0]
        norm.running_mean.uniform_(-0.5, 0.5)
        norm.running_var.uniform_(0.5, 1.5)
        norm.weight.uniform_(0.5, 1.5)
        norm.bias.uniform_(-0.1, 0.1)

def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}

with tempfile.TemporaryDirectory() as folder:
    checkpoint = Path(folder) / "model.pth"
    torch.save(model.state_dict(), checkpoint)
    converter = here.parent.parent.parent / "scripts" / "convert_fastai.py"
    subprocess.run([sys.executable, str(converter), str(checkpoint), str(here / "awd_lstm_classifier.safetensors")], check=True)

texts = [torch.randint(2, vocabulary, (n,)) for n in (11, 9, 7, 3)]
ids = torch.stack([pad_chunk(t, pad_idx=1, pad_first=True, seq_len=bptt, pad_len=11) for t in texts])
labels = torch.tensor([0, 2, 1, 2])
model.eval()
logits = model(ids)[0]
loss = F.cross_entropy(logits, labels)
loss.backward()
payload = {
    "vocabulary": vocabulary, "classes": classes, "bptt": bptt, "max_len": 2 * bptt, "drop_mult": 0.5,
    "texts": [t.tolist() for t in texts], "ids": ids.tolist(), "labels": labels.tolist(),
    "logits": entry(logits), "loss": loss.item(),
    "grads": {name: entry(p.grad) for name, p in model.named_parameters() if p.grad is not None},
    "state_dict_keys": list(model.state_dict().keys()),
}
(here / "awd_lstm_classifier.json").write_text(json.dumps(payload, indent=1) + "\n")
print("wrote awd_lstm_classifier.json and awd_lstm_classifier.safetensors")
