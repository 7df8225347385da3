"""Anchor: fastai's AWD-LSTM training throughput on the CPU (dev-only; needs fastai and torch).

Usage: python fastai_awd_lstm.py [--threads N] [--steps 3] [--only NAME]
The contract of Benchmarks/AWDLSTMBenchmarks: fastai's own models (`get_language_model`,
`get_text_classifier`), fastai's Adam (weight decay 0.01, not on norm/bias parameters: fastai's
default), loss = cross-entropy + 2·mean(dropped²) + 1·mean((raw[:,1:] − raw[:,:-1])²) as
`RNNRegularizer` adds it, the model reset before each step. Denormals are flushed, as Strand does.
Prints one JSON line per case: median seconds per step after one warm-up, tokens per second.
"""
import argparse, json, resource, statistics, time

import torch
import torch.nn.functional as F
from fastai.optimizer import Adam
from fastai.text.all import AWD_LSTM, awd_lstm_clas_config, awd_lstm_lm_config, get_language_model, get_text_classifier
from fastai.torch_core import norm_bias_params

VOCAB = 60_000


def config(small, classifier):
    c = dict(awd_lstm_clas_config if classifier else awd_lstm_lm_config)
    if small: c.update(emb_sz=200, n_hid=600)
    return c


def regularised(loss, raw, dropped):
    return loss + 2 * dropped.float().pow(2).mean() + 1 * (raw[:, 1:] - raw[:, :-1]).float().pow(2).mean()


def lm_case(small, g):
    model = get_language_model(AWD_LSTM, VOCAB, config=config(small, False))
    x, y = torch.randint(2, VOCAB, (64, 72), generator=g), torch.randint(2, VOCAB, (64 * 72,), generator=g)
    def loss():
        out, raw, dropped = model(x)
        return regularised(F.cross_entropy(out.reshape(-1, VOCAB), y), raw, dropped)
    return model, loss, 64 * 72


def classifier_case(small, g):
    model = get_text_classifier(AWD_LSTM, VOCAB, 2, config=config(small, True), drop_mult=0.5)
    lengths = [1400 - i * 1300 // 63 for i in range(64)]    # the same on both sides: 1,400 down to 100 in even steps
    steps = lengths[0]
    rows = []
    for n in lengths:
        start = (steps - n) // 72 * 72
        rows.append(torch.cat([torch.ones(start, dtype=torch.long), torch.randint(2, VOCAB, (n,), generator=g),
                               torch.ones(steps - start - n, dtype=torch.long)]))
    x, y = torch.stack(rows), torch.randint(0, 2, (64,), generator=g)
    def loss():
        out, raw, dropped = model(x)
        return regularised(F.cross_entropy(out, y), raw, dropped)
    return model, loss, sum(lengths)


CASES = {"lm": lambda g: lm_case(False, g), "lm_small": lambda g: lm_case(True, g),
         "classifier": lambda g: classifier_case(False, g), "classifier_small": lambda g: classifier_case(True, g)}


def main():
    ap = argparse.ArgumentParser(); ap.add_argument("--threads", type=int, default=2); ap.add_argument("--steps", type=int, default=3); ap.add_argument("--only")
    a = ap.parse_args(); torch.set_num_threads(a.threads); torch.set_flush_denormal(True); torch.manual_seed(0)
    for name, build in CASES.items():
        if a.only and a.only != name: continue
        model, loss_fn, tokens = build(torch.Generator().manual_seed(0))
        model.train()
        no_decay = {id(p) for p in norm_bias_params(model)}
        opt = Adam([p for p in model.parameters()], lr=1e-3, wd=0.01)
        for p in model.parameters():
            if id(p) in no_decay: opt.state[p]['do_wd'] = False
        times = []
        for i in range(a.steps + 1):
            t0 = time.perf_counter()
            model.reset(); opt.zero_grad(); loss_fn().backward(); opt.step()
            if i >= 1: times.append(time.perf_counter() - t0)
        seconds = statistics.median(times)
        print(json.dumps(dict(case=name, threads=a.threads, s_per_step=round(seconds, 2), tokens_per_s=round(tokens / seconds),
                              params=sum(p.numel() for p in model.parameters()), peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                              torch=torch.__version__)), flush=True)


if __name__ == "__main__":
    main()
