#!/usr/bin/python3
"""Generate PyTorch golden values for rnn4j's optimizers and learning-rate schedules.

Run from the repository root with Debian's python (the one python3-torch is installed for),
NOT a pyenv/venv python:

    /usr/bin/python3 core/src/test/resources/optim/make_optim_golden.py

Writes optim_golden.txt next to this script. Deterministic: every case seeds torch itself.

Optimizer cases run torch.optim.{SGD, Adam, AdamW, RMSprop} (single-tensor code path,
foreach=False) for STEPS steps on float32 parameters of odd sizes, with fixed float32 gradients
set by hand before each step (no loss, no autograd). Schedule cases record the learning rate
that torch.optim.lr_scheduler sets before each optimizer step.

File format (UTF-8 text, one record per line, fields separated by single spaces; '#' starts a
comment line). Floats are written with Python's repr of the float32 value widened to float64, so
they parse exactly (Double.parseDouble, then a cast to float is exact).

    case <case> <Optimizer> <key>=<value> ...      optimizer and its hyper-parameters
    init <case> <param> <v0> <v1> ...             parameter values before the first step
    grad <case> <param> <step> <v0> <v1> ...      gradient set before update <step> (1-based)
    after <case> <param> <step> <v0> <v1> ...     parameter values after update <step>
    sched <case> <kind> <key>=<value> ...         a schedule (kinds below)
    lr <case> <step> <value>                      learning rate used by optimizer step <step> (0-based)

Schedule kinds and their torch equivalents (base lr is the optimizer's lr):
    step: StepLR(step_size, gamma)
    exponential: ExponentialLR(gamma)
    cosine: CosineAnnealingLR(T_max=total_steps, eta_min=min_lr), steps 0..total_steps
    warmup_constant: LinearLR(start_factor=1/warmup, end_factor=1, total_iters=warmup-1),
        which is lr * (step+1)/warmup for step < warmup, then lr
    warmup_step: ChainedScheduler([LinearLR as above, StepLR(step_size, gamma)])
"""

import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_golden.txt")

# Odd sizes so that every vector width (4, 8, 16 float lanes) sees a vector body plus a scalar
# tail, a tail alone (1, 3) and lanes +- 1 (3, 5, 7, 9, 15, 17).
SIZES = [1, 3, 5, 7, 9, 15, 17, 37]
STEPS = 5

# (case, seed, torch class, torch kwargs). The Java test builds the same optimizer from the
# 'case' line's key=value pairs.
CASES = [
    ("sgd_plain", 11, "SGD", dict(lr=0.1)),
    ("sgd_momentum", 12, "SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov", 13, "SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.001)),
    ("adam", 21, "Adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)),
    ("adam_defaults", 22, "Adam", dict()),
    ("adamw", 31, "AdamW", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("adamw_defaults", 32, "AdamW", dict()),
    ("rmsprop", 41, "RMSprop", dict(lr=0.01)),
    ("rmsprop_centered_momentum", 42, "RMSprop",
     dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5, centered=True)),
    ("rmsprop_momentum", 43, "RMSprop", dict(lr=0.005, alpha=0.95, momentum=0.9)),
]

# Every hyper-parameter, defaults filled in, as the Java side names them.
DEFAULTS = {
    "SGD": dict(momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False),
    "Adam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0),
    "AdamW": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2),
    "RMSprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False),
}

SCHEDULES = [
    ("step", dict(lr=0.1, step_size=3, gamma=0.5), 12),
    ("exponential", dict(lr=0.1, gamma=0.9), 12),
    ("cosine", dict(lr=0.1, total_steps=10, min_lr=0.001), 11),
    ("warmup_constant", dict(lr=0.1, warmup=4), 8),
    ("warmup_step", dict(lr=0.1, warmup=4, step_size=3, gamma=0.5), 12),
]


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def flat_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def optimizer_case(lines, case, seed, cls, kwargs):
    torch.manual_seed(seed)
    params = [torch.nn.Parameter(torch.randn(n, dtype=torch.float32)) for n in SIZES]
    names = ["p%d" % n for n in SIZES]
    # Gradient scales vary by step so that moment estimates are not trivial.
    grads = [[torch.randn(n, dtype=torch.float32) * (0.5 + 0.4 * s) for n in SIZES] for s in range(STEPS)]
    opt = getattr(torch.optim, cls)(params, foreach=False, **kwargs)

    hyper = dict(DEFAULTS[cls])
    hyper.update(kwargs)
    if "betas" in hyper:
        hyper["beta1"], hyper["beta2"] = hyper.pop("betas")
    hyper.setdefault("lr", kwargs.get("lr"))
    lines.append("case %s %s %s" % (case, cls, " ".join(
        "%s=%s" % (k, flat_value(hyper[k])) for k in sorted(hyper))))
    for name, p in zip(names, params):
        lines.append("init %s %s %s" % (case, name, fmt(p.detach().tolist())))
    for s in range(STEPS):
        for name, p, g in zip(names, params, grads[s]):
            p.grad = g.clone()
            lines.append("grad %s %s %d %s" % (case, name, s + 1, fmt(g.tolist())))
        opt.step()
        for name, p in zip(names, params):
            lines.append("after %s %s %d %s" % (case, name, s + 1, fmt(p.detach().tolist())))


def schedule_case(lines, kind, cfg, count):
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=cfg["lr"])
    S = torch.optim.lr_scheduler
    if kind == "step":
        sched = S.StepLR(opt, step_size=cfg["step_size"], gamma=cfg["gamma"])
    elif kind == "exponential":
        sched = S.ExponentialLR(opt, gamma=cfg["gamma"])
    elif kind == "cosine":
        sched = S.CosineAnnealingLR(opt, T_max=cfg["total_steps"], eta_min=cfg["min_lr"])
    elif kind == "warmup_constant":
        w = cfg["warmup"]
        sched = S.LinearLR(opt, start_factor=1.0 / w, end_factor=1.0, total_iters=w - 1)
    elif kind == "warmup_step":
        w = cfg["warmup"]
        sched = S.ChainedScheduler([
            S.LinearLR(opt, start_factor=1.0 / w, end_factor=1.0, total_iters=w - 1),
            S.StepLR(opt, step_size=cfg["step_size"], gamma=cfg["gamma"])])
    else:
        raise ValueError(kind)
    lines.append("sched %s %s %s" % (kind, kind, " ".join("%s=%s" % (k, flat_value(cfg[k])) for k in sorted(cfg))))
    for step in range(count):
        lines.append("lr %s %d %s" % (kind, step, repr(float(opt.param_groups[0]["lr"]))))
        opt.step()
        sched.step()


def main():
    lines = ["# PyTorch golden values for rnn4j optimizers and schedules; made by make_optim_golden.py",
             "# torch %s; format described in the script's docstring" % torch.__version__]
    for case, seed, cls, kwargs in CASES:
        optimizer_case(lines, case, seed, cls, kwargs)
    for kind, cfg, count in SCHEDULES:
        schedule_case(lines, kind, cfg, count)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s (%d lines)" % (OUT, len(lines)))


if __name__ == "__main__":
    main()
