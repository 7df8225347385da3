"""PyTorch reference for Strand's ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts,
LambdaLR and SequentialLR (dev-only; needs torch):
    python3 Tests/NNTests/Fixtures/make_annealing_fixtures.py

Writes annealing_schedules.json: per case the schedule's settings and the learning rate of each
of two parameter groups (base rates 0.1 and 0.5) after creation and after each step.
"""
import json
from pathlib import Path

import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import (CosineAnnealingLR, CosineAnnealingWarmRestarts, ExponentialLR, LambdaLR, LinearLR,
                                      SequentialLR)

here = Path(__file__).parent


def optimizer():
    return SGD([{"params": [torch.zeros(1, requires_grad=True)], "lr": 0.1},
                {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5}])


def run(kind, config, make, steps):
    opt = optimizer()
    schedule = make(opt)
    rates = [[g["lr"] for g in opt.param_groups]]
    for _ in range(steps):
        opt.step()
        schedule.step()
        rates.append([g["lr"] for g in opt.param_groups])
    return {"kind": kind, "config": config, "lrs": rates}


cases = [
    run("exponential", {"gamma": 0.9}, lambda o: ExponentialLR(o, gamma=0.9), 12),
    run("cosine", {"period": 10, "eta_min": 0.01}, lambda o: CosineAnnealingLR(o, T_max=10, eta_min=0.01), 25),
    run("warm_restarts", {"first_period": 4, "multiplier": 2, "eta_min": 0.001},
        lambda o: CosineAnnealingWarmRestarts(o, T_0=4, T_mult=2, eta_min=0.001), 30),
    run("warm_restarts", {"first_period": 3, "multiplier": 1, "eta_min": 0.0},
        lambda o: CosineAnnealingWarmRestarts(o, T_0=3), 10),
    run("lambda", {"base": 0.9}, lambda o: LambdaLR(o, lr_lambda=lambda t: 0.9 ** t), 10),
    run("sequential", {"start_factor": 0.1, "warmup": 3, "period": 8, "eta_min": 0.01},
        lambda o: SequentialLR(o, [LinearLR(o, start_factor=0.1, total_iters=3), CosineAnnealingLR(o, T_max=8, eta_min=0.01)],
                               milestones=[3]), 15),
]
(here / "annealing_schedules.json").write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
print(f"{len(cases)} cases")
