"""Generates the PyTorch reference values the NN tests compare against (dev-only; needs torch and
safetensors):
    python3 Tests/NNTests/Fixtures/make_fixtures.py

Writes, next to this script:
- losses.json      every loss and configuration: inputs, targets, value, gradient w.r.t. the input;
- optimizers.json  five steps of each optimiser on the same parameters and quadratic loss;
- schedules.json   learning-rate (and momentum) sequences of each schedule;
- model.json       a small model's input, per-module outputs and gradients as hooks saw them,
                   its loss and parameter gradients, train- and eval-mode outputs;
- model.safetensors   that model's state_dict, written by safetensors.torch.save_file;
- dtypes.safetensors  one tensor of each dtype Strand reads, with the values in model.json.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

here = Path(__file__).parent
torch.manual_seed(7)

def entry(t):
    t = t.detach().to(torch.float64) if t.is_floating_point() else t.detach()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}

def write(name, payload):
    (here / name).write_text(json.dumps(payload, indent=1) + "\n")

# ---------------------------------------------------------------- losses
logits = torch.randn(6, 4)
targets = torch.tensor([0, 3, 1, -100, 2, 3])
clean_targets = torch.tensor([0, 3, 1, 1, 2, 3])
class_weights = torch.tensor([0.5, 2.0, 1.0, 1.5])
losses = []

def record(kind, config, x, y, fn):
    x = x.clone().requires_grad_()
    value = fn(x, y)
    value.backward(torch.ones_like(value))
    losses.append({"kind": kind, "config": config, "input": entry(x), "target": entry(y),
                   "value": entry(value), "grad": entry(x.grad)})

for reduction in ["mean", "sum", "none"]:
    for weight in [None, class_weights]:
        for smoothing in [0.0, 0.1]:
            for tgt, ignore in [(clean_targets, False), (targets, True)]:
                config = {"reduction": reduction, "weight": None if weight is None else weight.tolist(),
                          "label_smoothing": smoothing, "ignore": ignore}
                record("cross_entropy", config, logits, tgt,
                       lambda x, y: F.cross_entropy(x, y, weight=weight, label_smoothing=smoothing, reduction=reduction))
        for tgt, ignore in [(clean_targets, False), (targets, True)]:
            config = {"reduction": reduction, "weight": None if weight is None else weight.tolist(), "ignore": ignore}
            record("nll", config, torch.log_softmax(logits, 1), tgt, lambda x, y: F.nll_loss(x, y, weight=weight, reduction=reduction))

binary_logits = torch.tensor([[0.0, 2.5, -3.0], [30.0, -30.0, 0.7], [-0.2, 1.1, -8.0], [5.0, 0.0, -0.5]])
binary_targets = torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.3, 1.0, 0.0], [1.0, 1.0, 0.0]])
pos_weight = torch.tensor([2.0, 0.5, 3.0])
element_weight = torch.tensor([[1.0, 0.5, 2.0]])
for reduction in ["mean", "sum", "none"]:
    for pw in [None, pos_weight]:
        for ew in [None, element_weight]:
            config = {"reduction": reduction, "pos_weight": None if pw is None else pw.tolist(),
                      "weight": None if ew is None else ew.expand(4, 3).flatten().tolist()}
            record("bce_with_logits", config, binary_logits, binary_targets,
                   lambda x, y: F.binary_cross_entropy_with_logits(x, y, weight=None if ew is None else ew.expand(4, 3), pos_weight=pw, reduction=reduction))
    record("mse", {"reduction": reduction}, binary_logits, binary_targets, lambda x, y: F.mse_loss(x, y, reduction=reduction))
write("losses.json", {"torch_version": torch.__version__, "cases": losses})

# ---------------------------------------------------------------- optimizers
start_w = torch.randn(3, 4); start_b = torch.randn(4)
scale_w = torch.rand(3, 4) + 0.5; scale_b = torch.rand(4) + 0.5
target_w = torch.randn(3, 4); target_b = torch.randn(4)

def quadratic(w, b):  # L = Σ (A ⊙ p − t)², the same in the Swift test
    return ((scale_w * w - target_w) ** 2).sum() + ((scale_b * b - target_b) ** 2).sum()

optimizer_cases = []
configs = [
    ("sgd", {"lr": 0.05}), ("sgd", {"lr": 0.05, "momentum": 0.9}), ("sgd", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 0.05, "momentum": 0.8, "weight_decay": 0.01}),
    ("adam", {"lr": 0.01}), ("adam", {"lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.01}), ("adamw", {"lr": 0.01, "weight_decay": 0.1}),
    ("adam_groups", {"lr": 0.01, "group_lrs": [0.02, 0.005]}),
    ("sgd", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}), ("sgd", {"lr": 0.05, "momentum": 0.9, "maximize": True}),
    ("adam", {"lr": 0.01, "maximize": True}), ("adam", {"lr": 0.01, "betas": [0.5, 0.9], "amsgrad": True}),
    ("adamw", {"lr": 0.01, "amsgrad": True}), ("adamw", {"lr": 0.01, "weight_decay": 0.1, "maximize": True}),
    ("rmsprop", {"lr": 0.01}), ("rmsprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.1, "centered": True}),
    ("adagrad", {"lr": 0.1}), ("adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.1, "initial_accumulator_value": 0.2}),
]
for kind, config in configs:
    w = start_w.clone().requires_grad_(); b = start_b.clone().requires_grad_()
    if kind == "sgd":
        opt = torch.optim.SGD([w, b], **config)
    elif kind == "adam":
        opt = torch.optim.Adam([w, b], **{k: tuple(v) if k == "betas" else v for k, v in config.items()})
    elif kind == "adamw":
        opt = torch.optim.AdamW([w, b], **config)
    elif kind == "rmsprop":
        opt = torch.optim.RMSprop([w, b], **config)
    elif kind == "adagrad":
        opt = torch.optim.Adagrad([w, b], **config)
    else:
        opt = torch.optim.Adam([{"params": [w], "lr": config["group_lrs"][0]}, {"params": [b], "lr": config["group_lrs"][1]}], lr=config["lr"])
    steps = []
    for _ in range(5):
        opt.zero_grad(); quadratic(w, b).backward(); opt.step()
        steps.append({"w": entry(w), "b": entry(b)})
    optimizer_cases.append({"kind": kind, "config": config, "steps": steps})
write("optimizers.json", {"start_w": entry(start_w), "start_b": entry(start_b), "scale_w": entry(scale_w), "scale_b": entry(scale_b),
                          "target_w": entry(target_w), "target_b": entry(target_b), "cases": optimizer_cases})

# ---------------------------------------------------------------- schedules
def lrs(optimizer):
    return [g["lr"] for g in optimizer.param_groups]

def momenta(optimizer):
    return [g["momentum"] if "momentum" in g else g["betas"][0] for g in optimizer.param_groups]

schedule_cases = []
p = [torch.zeros(1, requires_grad=True)]
opt = torch.optim.SGD(p, lr=0.1); s = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
seq = [lrs(opt)]
for _ in range(10): opt.step(); s.step(); seq.append(lrs(opt))
schedule_cases.append({"kind": "step", "config": {"lr": 0.1, "step_size": 3, "gamma": 0.5}, "lrs": seq})

opt = torch.optim.SGD(p, lr=0.2); s = torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=4)
seq = [lrs(opt)]
for _ in range(7): opt.step(); s.step(); seq.append(lrs(opt))
schedule_cases.append({"kind": "linear", "config": {"lr": 0.2, "start_factor": 0.25, "total_iters": 4}, "lrs": seq})

for optimizer_kind in ["sgd", "adam"]:
    opt = torch.optim.SGD(p, lr=0.1, momentum=0.9) if optimizer_kind == "sgd" else torch.optim.Adam(p, lr=0.1)
    s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, total_steps=20)
    seq = [lrs(opt)]; moms = [momenta(opt)]
    for _ in range(19): opt.step(); s.step(); seq.append(lrs(opt)); moms.append(momenta(opt))
    schedule_cases.append({"kind": "one_cycle", "config": {"optimizer": optimizer_kind, "max_lr": 0.01, "total_steps": 20}, "lrs": seq, "momenta": moms})

opt = torch.optim.SGD(p, lr=1.0); s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=2, cooldown=1, min_lr=0.01)
metrics = [5, 4, 4.5, 4.2, 4.1, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9]
seq = []
for m in metrics: opt.step(); s.step(m); seq.append(lrs(opt))
schedule_cases.append({"kind": "plateau", "config": {"lr": 1.0, "factor": 0.5, "patience": 2, "cooldown": 1, "min_lr": 0.01}, "metrics": metrics, "lrs": seq})
opt = torch.optim.SGD(p, lr=1.0); s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)
seq = []
for m in [1.0] * 30: opt.step(); s.step(m); seq.append(lrs(opt))
schedule_cases.append({"kind": "plateau", "config": {"lr": 1.0}, "metrics": [1.0] * 30, "lrs": seq})
write("schedules.json", {"cases": schedule_cases})

# ---------------------------------------------------------------- model, hooks, safetensors
class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10, 4, padding_idx=0)
        self.encoder = nn.Linear(4, 6)
        self.norm = nn.LayerNorm(6)
        self.batch_norm = nn.BatchNorm1d(6)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(6, 3))
    def forward(self, ids):
        x = self.embedding(ids).mean(1)
        return self.head(self.batch_norm(self.norm(self.encoder(x))))

model = Small()
with torch.no_grad():
    model.norm.weight.uniform_(0.5, 1.5); model.norm.bias.uniform_(-0.5, 0.5)
ids = torch.tensor([[1, 2, 0], [3, 3, 4], [9, 0, 0], [5, 6, 7], [8, 1, 2]])
labels = torch.tensor([0, 2, 1, 1, 0])
fired = []
names = {model.embedding: "embedding", model.encoder: "encoder", model.norm: "norm", model.batch_norm: "batch_norm", model.head: "head"}
for module, name in names.items():
    module.register_forward_hook(lambda m, i, o, name=name: fired.append({"event": "forward", "module": name, "output": entry(o)}))
    module.register_full_backward_hook(lambda m, gi, go, name=name: fired.append(
        {"event": "backward", "module": name, "grad_output": entry(go[0]), "grad_input": None if gi[0] is None else entry(gi[0])}))
save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(here / "model_initial.safetensors"))
model.train()
out = model(ids)
loss = F.cross_entropy(out, labels)
loss.backward()
grads = {k: entry(v.grad) for k, v in model.named_parameters()}
model.eval()
with torch.no_grad():
    eval_out = model(ids)
save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(here / "model.safetensors"))
write("model.json", {"ids": ids.tolist(), "labels": labels.tolist(), "train_output": entry(out), "loss": loss.item(), "grads": grads,
                     "hooks": fired[: len(fired) - len(names)], "eval_output": entry(eval_out),
                     "parameter_names": [k for k, _ in model.named_parameters()], "state_dict_keys": list(model.state_dict().keys()),
                     "repr": repr(model),
                     "dtypes": {"f64": [1.5, -2.25, 1e-300], "f16": [0.5, -65504.0, 6.103515625e-05], "bf16": [1.0, -3.140625, 1e30],
                                "i32": [-7, 2147483647], "i64": [-9000000000, 5], "u8": [0, 255], "bool": [1, 0]}})
save_file({"f64": torch.tensor([1.5, -2.25, 1e-300], dtype=torch.float64), "f16": torch.tensor([0.5, -65504.0, 6.103515625e-05], dtype=torch.float16),
           "bf16": torch.tensor([1.0, -3.140625, 1e30], dtype=torch.bfloat16), "i32": torch.tensor([-7, 2147483647], dtype=torch.int32),
           "i64": torch.tensor([-9000000000, 5], dtype=torch.int64), "u8": torch.tensor([0, 255], dtype=torch.uint8),
           "bool": torch.tensor([True, False])}, str(here / "dtypes.safetensors"), metadata={"source": "make_fixtures.py"})
print("fixtures written; loss", loss.item())
