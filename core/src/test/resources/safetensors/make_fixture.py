#!/usr/bin/env python3
"""Write the F32 safetensors fixture for rnn4j's safetensors reader.

Run from the repository root with Debian's python (python3-torch, torch 1.13):

    /usr/bin/python3 core/src/test/resources/safetensors/make_fixture.py

Writes, next to this script:
  lstm_state_dict.safetensors  the state_dict of nn.LSTM(3, 4, num_layers=2) under
                               torch.manual_seed(2024), every tensor F32, in the standard
                               safetensors layout (the safetensors package is not available
                               here, so the format is written by hand);
  lstm_state_dict.txt          the same values as text, one tensor per line:
                               "name dims... : v0 v1 ...", dims joined by 'x' ("-" for a
                               scalar); each value is repr() of the float32 widened to a
                               Python float, so it parses back to the exact float32.
The test reads the .txt, not the JSON, so the check does not share code with the reader.
"""

import json
import os
import struct

import torch
import torch.nn as nn

OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().to(torch.float32).contiguous()
        flat = t.reshape(-1).tolist()
        blob = struct.pack("<%df" % len(flat), *flat)
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for blob in blobs:
            f.write(blob)


def read_back(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n].decode("utf-8"))
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        data = buf[8 + n + b:8 + n + e]
        out[name] = list(struct.unpack("<%df" % ((e - b) // 4), data))
    return out


def main():
    torch.manual_seed(2024)
    lstm = nn.LSTM(3, 4, num_layers=2)
    sd = lstm.state_dict()
    st = os.path.join(OUT_DIR, "lstm_state_dict.safetensors")
    write_safetensors(st, sd, {"format": "pt", "module": "nn.LSTM(3, 4, num_layers=2)",
                               "seed": "2024", "torch_version": torch.__version__})
    with open(os.path.join(OUT_DIR, "lstm_state_dict.txt"), "w") as f:
        for name, t in sd.items():
            dims = "x".join(str(d) for d in t.shape) or "-"
            vals = " ".join(repr(v) for v in t.to(torch.float32).reshape(-1).tolist())
            f.write("%s %s : %s\n" % (name, dims, vals))
    back = read_back(st)
    assert list(back) == list(sd), (list(back), list(sd))
    for name, t in sd.items():
        assert back[name] == t.reshape(-1).tolist(), name
    print("wrote", st, "with", len(sd), "tensors")


if __name__ == "__main__":
    main()
