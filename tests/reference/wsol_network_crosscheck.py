#!/usr/bin/env python3
"""Dev-only cross-check of Rfga.MLNet's network export against PyTorch (not run by CI).

Builds the exported WsolNetwork again in PyTorch from this file's own code -- torchvision's ResNet with BasicBlocks
and the bundle's layer counts, layer4 at stride 1, the RFGA module written out from PAPER.md Eqs. 1-8 (channel-axis
1-D convolutions, one BatchNorm2d per view, M = sigmoid((z_h + z_w) + z_c), X + X*M), and a bias-free 1x1 class-map
head -- loads the weights Rfga.MLNet exported, runs the input the C# test used, and compares logits and class maps
with the C# outputs. Keys are checked strictly. Make the bundle, then run the script:

    RFGA_CROSSCHECK_DIR=/tmp/rfga-crosscheck dotnet test -c Release --filter PythonCrossCheckTests
    /usr/bin/python3 tests/reference/wsol_network_crosscheck.py /tmp/rfga-crosscheck

Needs Debian's python3-torch (1.13) and python3-torchvision. Reads network.safetensors (parsed here: 8-byte header
length, JSON header, raw little-endian data) and, when present, network.pth (torch.load); io.pth holds input,
logits and class_maps. Prints the largest absolute and relative differences; exits 1 above --tolerance.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

SAFETENSORS_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_length].decode("utf-8"))
    body = data[8 + header_length:]
    state = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=SAFETENSORS_DTYPES[entry["dtype"]]).reshape(entry["shape"])
        state[key] = torch.from_numpy(array.copy())
    return state


def channel_conv(v, weight):
    """PyTorch conv1d of a Conv1d(1, 1, k) slid along the channel axis of v [B, C, A, D] at every (a, d)."""
    b, c, a, d = v.shape
    k = weight.shape[-1]
    seq = v.permute(0, 2, 3, 1).reshape(b * a * d, 1, c)
    out = F.conv1d(seq, weight, padding=(k - 1) // 2)
    return out.reshape(b, a, d, c).permute(0, 3, 1, 2)


class Rfga(nn.Module):
    """RFGA with all three views on the channel axis (the default HwConvAxis.Channel), residual or not."""

    def __init__(self, channels, kernel_size, residual):
        super().__init__()
        self.residual = residual
        for view in ("h", "w", "c"):
            setattr(self, f"conv_{view}", nn.Conv1d(1, 1, kernel_size, padding=(kernel_size - 1) // 2, bias=False))
            setattr(self, f"bn_{view}", nn.BatchNorm2d(channels))

    def forward(self, x):
        z_h = torch.sigmoid(self.bn_h(channel_conv(x.mean(3, keepdim=True), self.conv_h.weight)))    # Eqs. 2, 5
        z_w = torch.sigmoid(self.bn_w(channel_conv(x.mean(2, keepdim=True), self.conv_w.weight)))    # Eqs. 3, 6
        z_c = torch.sigmoid(self.bn_c(channel_conv(x.mean((2, 3), keepdim=True), self.conv_c.weight)))  # Eqs. 1, 4
        m = torch.sigmoid((z_h + z_w) + z_c)                                                       # Eq. 7
        return x + x * m if self.residual else x * m                                               # Eq. 8


class WsolNetwork(nn.Module):
    def __init__(self, spec):
        super().__init__()
        if spec["attention"] not in ("RfgaResidual", "RfgaNonResidual", "None"):
            sys.exit(f"attention {spec['attention']} is not implemented in this script")
        if spec["attention"] != "None" and (spec["views"] != "All"):
            sys.exit(f"views {spec['views']} are not implemented in this script")
        self.trunk = torchvision.models.resnet.ResNet(torchvision.models.resnet.BasicBlock, spec["layers"])
        if spec["layer4_stride"] == 1:
            self.trunk.layer4[0].conv1.stride = (1, 1)
            self.trunk.layer4[0].downsample[0].stride = (1, 1)
        self.attention = None if spec["attention"] == "None" else Rfga(512, spec["kernel_size"], spec["attention"] == "RfgaResidual")
        self.classifier = nn.Conv2d(512, spec["class_count"], 1, bias=False)

    def load_exported(self, state):
        backbone = {k: v for k, v in state.items() if not k.startswith(("attention.", "classifier."))}
        missing, unexpected = self.trunk.load_state_dict(backbone, strict=False)
        missing = [k for k in missing if not k.startswith("fc.")]
        if missing or unexpected:
            sys.exit(f"backbone keys: missing {missing}, unexpected {unexpected}")
        if self.attention is not None:
            self.attention.load_state_dict({k[len("attention."):]: v for k, v in state.items() if k.startswith("attention.")}, strict=True)
        self.classifier.load_state_dict({"weight": state["classifier.weight"]}, strict=True)

    def forward(self, x):
        t = self.trunk
        x = t.maxpool(t.relu(t.bn1(t.conv1(x))))
        x = t.layer4(t.layer3(t.layer2(t.layer1(x))))
        if self.attention is not None:
            x = self.attention(x)
        maps = self.classifier(x)
        return maps.mean((2, 3)), maps


def compare(name, ours, theirs):
    diff = (ours.double() - theirs.double()).abs().max().item()
    scale = theirs.double().abs().max().item()
    print(f"{name}: shape {list(theirs.shape)}, max |PyTorch - C#| = {diff:.3e}, relative to max |C#| = {scale:.4g}: {diff / scale:.3e}")
    return diff / scale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle", help="folder written by PythonCrossCheckTests with RFGA_CROSSCHECK_DIR set")
    parser.add_argument("--tolerance", type=float, default=1e-5, help="largest accepted relative difference")
    args = parser.parse_args()
    torch.set_num_threads(2)
    with open(os.path.join(args.bundle, "spec.json")) as f:
        spec = json.load(f)
    io = torch.load(os.path.join(args.bundle, "io.pth"))
    sources = [("network.safetensors", read_safetensors(os.path.join(args.bundle, "network.safetensors")))]
    pth = os.path.join(args.bundle, "network.pth")
    if os.path.exists(pth):
        sources.append(("network.pth", torch.load(pth)))
    worst = 0.0
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}; spec {spec}")
    for name, state in sources:
        net = WsolNetwork(spec)
        net.load_exported(state)
        net.eval()
        with torch.no_grad():
            logits, maps = net(io["input"])
        print(f"-- {name} ({len(state)} keys), input {list(io['input'].shape)}")
        worst = max(worst, compare("logits", logits, io["logits"]), compare("class maps", maps, io["class_maps"]))
    print(f"worst relative difference {worst:.3e} (tolerance {args.tolerance:g})")
    sys.exit(0 if worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
