"""Generates the fastai reference values of the Learner tests (dev-only; needs fastai and torch):
    python3 Tests/NNTests/Fixtures/make_learner_fixtures.py

Writes learner.json next to this script, with, for a tiny model in three layer groups and five
batches per epoch:
- the learning rate and momentum of every group at every batch of `fit_one_cycle(2, slice(1e-3, 1e-2))`,
  of `fine_tune(2, base_lr=2e-3)` (both of its fits, with the groups each one trains) and of
  `lr_find(num_it=20, stop_div=False)`, with lr_find's recorded losses and its three suggestions;
- fastai's Adam over five steps with scheduled momentum and learning rate, weight decay 0.01;
- `slice` spreads over 3, 4 and 5 groups.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn
from fastai.callback.core import Callback
from fastai.callback.schedule import minimum, steep, valley
from fastai.data.core import DataLoaders
from fastai.learner import Learner
from fastai.optimizer import Adam
from fastai.torch_core import params

here = Path(__file__).parent
torch.manual_seed(5)


class Hypers(Callback):
    "Records every group's lr and mom after each training batch, and which groups train at each fit."
    def __init__(self): self.lrs, self.moms, self.trainable = [], [], []
    def before_fit(self): self.trainable.append([all(p.requires_grad for p in g) for g in self.learn.splitter(self.learn.model)])
    def after_batch(self):
        if self.training:
            self.lrs.append([h['lr'] for h in self.opt.hypers])
            self.moms.append([h['mom'] for h in self.opt.hypers])


def learner():
    x = torch.randn(40, 4)
    y = (x.sum(1, keepdim=True) > 0).float()
    ds = list(zip(x, y))
    dls = DataLoaders.from_dsets(ds[:40], ds[:10], bs=8, shuffle=False)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 1))
    split = lambda m: [params(m[0]), params(m[2]), params(m[4])]
    return Learner(dls, model, loss_func=nn.BCEWithLogitsLoss(), splitter=split, opt_func=Adam)


def schedule_of(run):
    learn = learner()
    recorder = Hypers()
    learn.add_cb(recorder)
    result = run(learn)
    return learn, recorder, result


payload = {"batches_per_epoch": 5}
_, one_cycle, _ = schedule_of(lambda l: l.fit_one_cycle(2, slice(1e-3, 1e-2)))
payload["fit_one_cycle"] = {"lrs": one_cycle.lrs, "moms": one_cycle.moms}
_, fine_tune, _ = schedule_of(lambda l: l.fine_tune(2, base_lr=2e-3))
payload["fine_tune"] = {"lrs": fine_tune.lrs, "moms": fine_tune.moms, "trainable": fine_tune.trainable}
learn, finder, suggestions = schedule_of(lambda l: l.lr_find(num_it=20, stop_div=False, show_plot=False, suggest_funcs=(valley, minimum, steep)))
payload["lr_find"] = {"lrs": [float(v) for v in learn.recorder.lrs], "losses": [float(v) for v in learn.recorder.losses],
                      "group_lrs": finder.lrs, "valley": suggestions.valley, "minimum": suggestions.minimum, "steep": suggestions.steep}

# fastai's Adam: five steps on fixed gradients, the lr and mom changing every step.
p = torch.randn(3, 2)
parameter = nn.Parameter(p.clone())
optimizer = Adam([parameter], lr=1e-2, wd=0.01)
steps = []
for step in range(5):
    lr, mom = [0.001, 0.004, 0.01, 0.006, 0.002][step], [0.95, 0.9, 0.85, 0.9, 0.95][step]
    optimizer.set_hypers(lr=lr, mom=mom)
    grad = torch.randn(3, 2)
    parameter.grad = grad.clone()
    optimizer.step()
    optimizer.zero_grad()
    steps.append({"lr": lr, "mom": mom, "grad": grad.flatten().tolist(), "after": parameter.detach().flatten().tolist()})
payload["adam"] = {"initial": p.flatten().tolist(), "shape": [3, 2], "steps": steps}

def spread(value, groups):
    learn = learner()
    learn.create_opt()
    learn.opt.param_lists = learn.opt.param_lists[:1] * groups
    learn.opt.hypers = learn.opt.hypers[:1] * groups
    learn.opt.hypers = [dict(h) for h in learn.opt.hypers]
    learn.opt.set_hyper('lr', value)
    return [h['lr'] for h in learn.opt.hypers]

payload["slices"] = [{"groups": g, "low": 1e-5, "high": 1e-2, "spread": spread(slice(1e-5, 1e-2), g), "up_to": spread(slice(1e-2), g)}
                     for g in (3, 4, 5)]
(here / "learner.json").write_text(json.dumps(payload, indent=1) + "\n")
print("wrote learner.json")
