#!/usr/bin/env python3
"""Generate PyTorch golden reference fixtures for rnn4j's recurrent layers.

Run from the repository root with Debian's python (the one python3-torch is
installed for), NOT a pyenv/venv python:

    /usr/bin/python3 core/src/test/resources/golden/make_rnn_golden.py

Writes one <case>.safetensors file per case next to this script. Each file holds
the module parameters (under their exact PyTorch state_dict names), the padded
inputs, the initial states, the forward outputs on a *packed, unsorted, uneven*
batch, fixed random loss weights, the loss, and the gradients of the loss with
respect to the inputs, initial states and every parameter. Everything is
float64 (F64), including the integer-valued `lengths`.

The `safetensors` Python package is not available here, so the format is
written by hand (see write_safetensors), and every file is read back and
checked with an independent minimal reader (see read_safetensors).
"""

import json
import os
import struct

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

# Everything in float64 so the Java side can compare with tight tolerances.
torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# Shared batch layout: B=4 sequences with UNSORTED, uneven lengths, max T=6.
LENGTHS = [4, 6, 1, 3]
T = max(LENGTHS)
B = len(LENGTHS)

# (case name, seed, mode, constructor kwargs). Dropout is 0 everywhere.
CASES = [
    ("lstm_2layer_bidir", 1001, "LSTM",
     dict(input_size=5, hidden_size=7, num_layers=2, bidirectional=True,
          batch_first=False, bias=True)),
    ("lstm_proj", 1002, "LSTM",
     dict(input_size=4, hidden_size=6, proj_size=3, num_layers=2,
          bidirectional=True, batch_first=False, bias=True)),
    ("gru_2layer_bidir", 1003, "GRU",
     dict(input_size=5, hidden_size=7, num_layers=2, bidirectional=True,
          batch_first=False, bias=True)),
    ("rnn_tanh_1layer", 1004, "RNN_TANH",
     dict(input_size=3, hidden_size=5, num_layers=1, nonlinearity="tanh",
          bidirectional=False, batch_first=False, bias=True)),
    ("rnn_relu_bidir", 1005, "RNN_RELU",
     dict(input_size=3, hidden_size=4, num_layers=1, nonlinearity="relu",
          bidirectional=True, batch_first=False, bias=True)),
]


# --------------------------------------------------------------------------
# safetensors writer / reader (hand-written; F64 only)
# --------------------------------------------------------------------------

def _f64_bytes(t):
    """Raw little-endian float64 bytes of a tensor, in row-major (C) order."""
    flat = t.detach().to(torch.float64).contiguous().reshape(-1).tolist()
    return struct.pack("<%dd" % len(flat), *flat)


def write_safetensors(path, tensors, metadata):
    """Write `tensors` (ordered dict name -> tensor) and `metadata`
    (dict str -> str) in the safetensors format:

      8 bytes  little-endian u64 header length N
      N bytes  UTF-8 JSON header, space-padded so the data starts at a
               multiple of 8
      data     tensors packed back to back in header order
    """
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        raw = _f64_bytes(t)
        header[name] = {
            "dtype": "F64",
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    assert all(isinstance(v, str) for v in metadata.values())
    header["__metadata__"] = metadata
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((-(8 + len(hbytes))) % 8)  # data section 8-aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for raw in blobs:
            f.write(raw)


def read_safetensors(path):
    """Minimal independent reader (struct + json): returns (tensors, metadata)
    with tensors as (shape, list-of-floats)."""
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack_from("<Q", buf, 0)
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    data = buf[8 + n:]
    meta = header.pop("__metadata__", {})
    out = {}
    end_max = 0
    for name, info in header.items():
        assert info["dtype"] == "F64", name
        s, e = info["data_offsets"]
        count = 1
        for d in info["shape"]:
            count *= d
        assert e - s == 8 * count, name
        out[name] = (info["shape"], list(struct.unpack_from("<%dd" % count, data, s)))
        end_max = max(end_max, e)
    assert end_max == len(data), "trailing / missing data"
    return out, meta


# --------------------------------------------------------------------------
# One case
# --------------------------------------------------------------------------

def pad_mask(shape_tail):
    """(T, B, *shape_tail) mask: 1 at valid time steps, 0 at padding."""
    m = torch.zeros(T, B, *shape_tail)
    for b, L in enumerate(LENGTHS):
        m[:L, b] = 1.0
    return m


def make_case(name, seed, mode, kwargs):
    torch.manual_seed(seed)

    # 1) Module with PyTorch's default init, drawn first under the seed.
    cls = {"LSTM": nn.LSTM, "GRU": nn.GRU}.get(mode, nn.RNN)
    module = cls(dropout=0.0, **kwargs)
    module.eval()  # eval-mode semantics (dropout is 0 anyway)

    is_lstm = mode == "LSTM"
    input_size = kwargs["input_size"]
    hidden = kwargs["hidden_size"]
    proj = kwargs.get("proj_size", 0)
    layers = kwargs["num_layers"]
    dirs = 2 if kwargs["bidirectional"] else 1
    out_size = proj if proj > 0 else hidden

    # 2) Inputs: padded x (zeros at padded positions) and initial states.
    x = (torch.randn(T, B, input_size) * pad_mask([input_size])).requires_grad_(True)
    h0 = torch.randn(layers * dirs, B, out_size, requires_grad=True)
    c0 = torch.randn(layers * dirs, B, hidden, requires_grad=True) if is_lstm else None

    # 3) Fixed random loss weights (g_out is zero at padded positions).
    g_out = torch.randn(T, B, dirs * out_size) * pad_mask([dirs * out_size])
    g_h = torch.randn(layers * dirs, B, out_size)
    g_c = torch.randn(layers * dirs, B, hidden) if is_lstm else None

    # 4) Forward on a packed, unsorted batch; outputs come back in the
    #    original (unsorted) batch order.
    lengths_i64 = torch.tensor(LENGTHS, dtype=torch.int64)
    packed = pack_padded_sequence(x, lengths_i64, enforce_sorted=False)
    if is_lstm:
        out_packed, (h_n, c_n) = module(packed, (h0, c0))
    else:
        out_packed, h_n = module(packed, h0)
        c_n = None
    out, _ = pad_packed_sequence(out_packed, total_length=T)

    # 5) Loss (a 0-dim scalar, shape []) and backward.
    loss = (out * g_out).sum() + (h_n * g_h).sum()
    if is_lstm:
        loss = loss + (c_n * g_c).sum()
    loss.backward()

    params = list(module.state_dict().keys())  # exact PyTorch names, in order
    named = dict(module.named_parameters())
    assert set(params) == set(named), (params, list(named))

    # 6) Assemble tensors in a fixed, readable order.
    tensors = {}
    tensors["x"] = x
    tensors["lengths"] = torch.tensor(LENGTHS, dtype=torch.float64)
    tensors["h0"] = h0
    if is_lstm:
        tensors["c0"] = c0
    for p in params:
        tensors[p] = named[p]
    tensors["out"] = out
    tensors["h_n"] = h_n
    if is_lstm:
        tensors["c_n"] = c_n
    tensors["g_out"] = g_out
    tensors["g_h"] = g_h
    if is_lstm:
        tensors["g_c"] = g_c
    tensors["loss"] = loss
    tensors["grad.x"] = x.grad
    tensors["grad.h0"] = h0.grad
    if is_lstm:
        tensors["grad.c0"] = c0.grad
    for p in params:
        tensors["grad." + p] = named[p].grad

    # Sanity: padded positions are exactly zero in out and grad.x.
    assert torch.all(out * (1 - pad_mask([dirs * out_size])) == 0)
    assert torch.all(x.grad * (1 - pad_mask([input_size])) == 0)
    for k, v in tensors.items():
        assert v is not None and v.dtype == torch.float64, k

    loss_desc = "loss = (out*g_out).sum() + (h_n*g_h).sum()"
    if is_lstm:
        loss_desc += " + (c_n*g_c).sum()"
    metadata = {
        "mode": mode,
        "input_size": str(input_size),
        "hidden_size": str(hidden),
        "proj_size": str(proj),
        "num_layers": str(layers),
        "bidirectional": "true" if dirs == 2 else "false",
        "batch_first": "false",
        "bias": "true",
        "dropout": "0",
        "seq_len": str(T),
        "batch": str(B),
        "lengths": json.dumps(LENGTHS),
        "seed": str(seed),
        "torch_version": torch.__version__,
        "loss": loss_desc + "; loss is stored as a 0-dim tensor, shape []",
        "loss_shape": "[]",
        "generator": "core/src/test/resources/golden/make_rnn_golden.py",
    }

    path = os.path.join(OUT_DIR, name + ".safetensors")
    write_safetensors(path, tensors, metadata)

    # 7) Read back with the independent reader and compare every tensor exactly.
    back, meta = read_safetensors(path)
    assert meta == metadata
    assert list(back.keys()) == list(tensors.keys())
    for k, t in tensors.items():
        shape, vals = back[k]
        assert shape == list(t.shape), k
        assert vals == t.detach().reshape(-1).tolist(), k
    return path, tensors


def main():
    for name, seed, mode, kwargs in CASES:
        path, tensors = make_case(name, seed, mode, kwargs)
        print("%-24s %6d bytes  loss=%.17g" % (
            os.path.basename(path), os.path.getsize(path), tensors["loss"].item()))


if __name__ == "__main__":
    main()
