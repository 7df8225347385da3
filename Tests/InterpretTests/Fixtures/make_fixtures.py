"""Captum reference values for Strand's Interpret module (dev-only; needs torch, captum, safetensors):
    python3 Tests/InterpretTests/Fixtures/make_fixtures.py

A small fixed model — Embedding(20, 6, padding_idx=1) → LSTM(6, 5, batch_first) → mean over time →
Linear(5, 2) — saved as model.safetensors, and in interpret.json for two token sequences (the first
padded with id 1): Captum's LayerIntegratedGradients on the embedding (pad baseline, 50 steps, two
integration methods, with convergence deltas), IntegratedGradients on the embeddings with a zero
baseline (20 middle-Riemann steps), Saliency on the embeddings (absolute and signed),
LayerGradientXActivation, Occlusion with a 2-token pad window, InputXGradient on the embeddings,
NoiseTunnel (SmoothGrad, SmoothGrad², VarGrad; 4 samples, σ 0.3) around Saliency and InputXGradient
with the noise Captum drew (recovered by re-seeding, and checked), LayerConductance on the hidden
layer of a second small model over the embeddings (Linear(6, 4) → tanh → mean over time →
Linear(4, 2), its weights in the JSON; 20 steps, Gauss–Legendre and trapezoid), and notebook 000's
hook relevance computed in PyTorch (averaging the gradient over valid steps, and over every position
as the notebook does).
"""
import json
from pathlib import Path

import torch
import torch.nn as nn
from captum.attr import (InputXGradient, IntegratedGradients, LayerConductance, LayerGradientXActivation, LayerIntegratedGradients,
                         NoiseTunnel, Occlusion, Saliency)
from safetensors.torch import save_file

here = Path(__file__).parent
torch.manual_seed(5)

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 6, padding_idx=1)
        self.lstm = nn.LSTM(6, 5, batch_first=True)
        self.head = nn.Linear(5, 2)
    def from_embeddings(self, e):
        return self.head(self.lstm(e)[0].mean(1))
    def forward(self, ids):
        return self.from_embeddings(self.embedding(ids))

model = Model().eval()
save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(here / "model.safetensors"))
ids = torch.tensor([[5, 7, 3, 9, 1, 1], [4, 12, 8, 2, 6, 11]])
baseline = torch.ones_like(ids)
targets = torch.tensor([1, 0])

def entry(t):
    return {"shape": list(t.shape), "values": [float(f"{v:.9g}") for v in t.detach().flatten().tolist()]}

result = {"ids": ids.tolist(), "targets": targets.tolist(), "logits": entry(model(ids))}
lig = LayerIntegratedGradients(model, model.embedding)
for method in ["gausslegendre", "riemann_trapezoid"]:
    attributions, delta = lig.attribute(ids, baselines=baseline, target=targets, n_steps=50, method=method, return_convergence_delta=True)
    result[f"layer_ig_{method}"] = {"attributions": entry(attributions), "delta": entry(delta)}
embeddings = model.embedding(ids).detach()
ig = IntegratedGradients(model.from_embeddings)
attributions, delta = ig.attribute(embeddings, baselines=torch.zeros_like(embeddings), target=targets, n_steps=20, method="riemann_middle",
                                   return_convergence_delta=True)
result["ig_embeddings"] = {"input": entry(embeddings), "attributions": entry(attributions), "delta": entry(delta)}
result["saliency"] = entry(Saliency(model.from_embeddings).attribute(embeddings, target=targets))
result["saliency_signed"] = entry(Saliency(model.from_embeddings).attribute(embeddings, target=targets, abs=False))
result["gradient_x_activation"] = entry(LayerGradientXActivation(model, model.embedding).attribute(ids, target=targets))
result["input_x_gradient"] = entry(InputXGradient(model.from_embeddings).attribute(embeddings, target=targets))

# NoiseTunnel: Captum draws all noise at once, torch.normal(0, σ) of shape [B·n, …], example b's
# n samples consecutive. The same seed before each call gives the same noise, drawn again here.
samples, sigma, seed = 4, 0.3, 11
torch.manual_seed(seed)
noise = torch.normal(0, torch.tensor(sigma).repeat((len(ids) * samples,) + tuple(embeddings.shape[1:])))
result["noise_tunnel"] = {"samples": samples, "sigma": sigma, "noise": entry(noise.view(len(ids), samples, *embeddings.shape[1:]))}
for name, method in [("saliency", Saliency(model.from_embeddings)), ("input_x_gradient", InputXGradient(model.from_embeddings))]:
    per_sample = method.attribute(embeddings.repeat_interleave(samples, 0) + noise, target=targets.repeat_interleave(samples)).reshape(noise.shape[0] // samples, samples, -1)
    for kind in ["smoothgrad", "smoothgrad_sq", "vargrad"]:
        torch.manual_seed(seed)
        attributions = NoiseTunnel(method).attribute(embeddings, nt_type=kind, nt_samples=samples, stdevs=sigma, target=targets)
        mean, square = per_sample.mean(1), (per_sample ** 2).mean(1)
        expected = {"smoothgrad": mean, "smoothgrad_sq": square, "vargrad": square - mean ** 2}[kind]
        assert torch.allclose(attributions.flatten(1), expected, atol=1e-6), f"the recovered noise is not Captum's ({name}, {kind})"
        result["noise_tunnel"][f"{name}_{kind}"] = entry(attributions)


class ConductanceModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden, self.head = nn.Linear(6, 4), nn.Linear(4, 2)
    def forward(self, e):
        return self.head(torch.tanh(self.hidden(e)).mean(1))

conductance_model = ConductanceModel().eval()
result["layer_conductance"] = {name: entry(value) for name, value in conductance_model.state_dict().items()}
for method in ["gausslegendre", "riemann_trapezoid"]:
    attributions, delta = LayerConductance(conductance_model, conductance_model.hidden).attribute(
        embeddings, baselines=torch.zeros_like(embeddings), target=targets, n_steps=20, method=method, return_convergence_delta=True)
    result["layer_conductance"][method] = {"attributions": entry(attributions), "delta": entry(delta)}
result["occlusion"] = entry(Occlusion(model).attribute(ids, sliding_window_shapes=(2,), baselines=1, target=targets))

# Notebook 000's relevance: Σ_c mean_t(grad[t, c]) · activation[t, c] over each sequence's tokens.
store = {}
model.lstm.register_forward_hook(lambda m, i, o: store.__setitem__("activation", o[0]))
model.lstm.register_full_backward_hook(lambda m, gi, go: store.__setitem__("gradient", go[0]))
logits = model(ids)
logits.gather(1, targets.view(-1, 1)).sum().backward()
lengths = [4, 6]
relevance = []
for b, length in enumerate(lengths):
    a, g = store["activation"][b, :length], store["gradient"][b, :length]
    relevance.append((g.mean(0, keepdim=True) * a).sum(1).tolist())
result["hook_relevance"] = {"lengths": lengths, "scores": relevance}
# The notebook's own form: the gradient averaged over every position, padding included.
notebook = [(store["gradient"][b].mean(0, keepdim=True) * store["activation"][b, :length]).sum(1).tolist() for b, length in enumerate(lengths)]
result["hook_relevance_notebook"] = {"lengths": lengths, "scores": notebook}
(here / "interpret.json").write_text(json.dumps(result) + "\n")
print("written")
