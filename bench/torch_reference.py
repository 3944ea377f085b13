#!/usr/bin/python3
"""PyTorch side of bench/PerformanceBench: the same WSOL networks, shapes, SGD and RFGA formulation as Rfga.MLNet.

Needs Debian's PyTorch (python3-torch 1.13 and python3-torchvision 0.14):

    sudo apt-get install python3-torch python3-torchvision
    /usr/bin/python3 bench/torch_reference.py --config a --mode step

(/usr/bin/python3 on purpose: a pyenv or venv python on PATH usually has no torch.) PerformanceBench starts this script
as a child process, alternating with its own TorchSharp workers, and reads the one JSON line it prints on stdout.

Networks (notes/performance.md "What was measured"): torchvision ResNet-50 (config a: batch 2, 448x448) or ResNet-18
(config b: batch 8, 224x224) with layer4 at stride 1, then RFGA w/ R (views h, w, c; k = 3), then a bias-free 1x1-conv
classifier (200 classes) and global average pooling. RFGA follows PAPER.md section 2 and src/Rfga.MLNet's RfgaModule:
pooled_h = mean over W, pooled_w = mean over H, pooled_c = mean of the row means; one k-tap filter slid along the
channel axis (cross-correlation, zero padding (k-1)/2, as k shifted multiply-adds); BatchNorm2d per view;
M = sigmoid((z_h + z_w) + z_c) (PAPER.md's summation order); output X + X * M (addcmul) -- exactly what RfgaModule does.

Modes:
  infer   eval forward without grad
  step    train step: zero_grad, forward, cross-entropy, backward, SGD (lr 0.01, momentum 0.9, weight decay 1e-4), loss.item()
  check   numerical cross-check against a bundle written by `PerformanceBench --export-check DIR`: loads the exported
          weights and input, compares eval logits, then runs two SGD steps on the bundle's labels and compares again.

Output: one JSON line: times_ms per timed iteration, rss_mb after each timed iteration, peak RSS (VmHWM) and final RSS
(VmRSS) from /proc/self/status, torch version and thread count.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

CONFIGS = {
    # name: (constructor, batch, image side, feature channels)
    "a": (torchvision.models.resnet50, 2, 448, 2048),
    "b": (torchvision.models.resnet18, 8, 224, 512),
}
CLASSES = 200
LR, MOMENTUM, WEIGHT_DECAY = 0.01, 0.9, 1e-4


def channel_cross_correlate(v, weight):
    """u[b,c,a,d] = sum_j w[0,0,j] * v[b, c+j-p, a, d], zero outside [0, C): k shifted multiply-adds (finding 6)."""
    k = weight.shape[-1]
    p = (k - 1) // 2
    channels = v.shape[1]
    padded = F.pad(v, (0, 0, 0, 0, p, p)) if p else v
    taps = weight.view(k)
    acc = padded.narrow(1, 0, channels) * taps[0]
    for j in range(1, k):
        acc = torch.addcmul(acc, padded.narrow(1, j, channels), taps[j])
    return acc


class Rfga(nn.Module):
    """RFGA w/ R, all three views on the channel axis; parameter names are Rfga.MLNet's state-dict keys."""

    def __init__(self, channels, kernel_size=3):
        super().__init__()
        for view in ("h", "w", "c"):
            setattr(self, f"conv_{view}", nn.Conv1d(1, 1, kernel_size, padding=(kernel_size - 1) // 2, bias=False))
            setattr(self, f"bn_{view}", nn.BatchNorm2d(channels))

    def forward(self, x):
        h = x.mean(3, keepdim=True)                                     # Eq. 2, [B, C, H, 1]
        w = x.mean(2, keepdim=True)                                     # Eq. 3, [B, C, 1, W]
        c = h.mean(2, keepdim=True)                                     # Eq. 1, [B, C, 1, 1]
        z_h = torch.sigmoid(self.bn_h(channel_cross_correlate(h, self.conv_h.weight)))
        z_w = torch.sigmoid(self.bn_w(channel_cross_correlate(w, self.conv_w.weight)))
        z_c = torch.sigmoid(self.bn_c(channel_cross_correlate(c, self.conv_c.weight)))
        m = torch.sigmoid((z_h + z_w) + z_c)                            # Eq. 7, PAPER.md's summation order
        return torch.addcmul(x, x, m)                                   # Eq. 8: X + X * M


class WsolNetwork(nn.Module):
    """backbone.* (torchvision names, no fc), attention.*, classifier.weight: Rfga.MLNet's WsolNetwork keys."""

    def __init__(self, config):
        super().__init__()
        make, _, _, channels = CONFIGS[config]
        self.backbone = make()
        del self.backbone.fc
        block = self.backbone.layer4[0]
        strided = block.conv2 if hasattr(block, "conv3") else block.conv1   # Bottleneck (v1.5) or BasicBlock
        strided.stride = (1, 1)
        block.downsample[0].stride = (1, 1)
        self.attention = Rfga(channels)
        self.classifier = nn.Conv2d(channels, CLASSES, 1, bias=False)

    def forward(self, x):
        t = self.backbone
        x = t.maxpool(t.relu(t.bn1(t.conv1(x))))
        x = t.layer4(t.layer3(t.layer2(t.layer1(x))))
        maps = self.classifier(self.attention(x))
        return maps.mean((2, 3)), maps


def rss_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def make_optimizer(net):
    return torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WEIGHT_DECAY)


def train_step(net, optimizer, images, labels):
    optimizer.zero_grad()
    logits, _ = net(images)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    optimizer.step()
    return loss.item()


def run_timed(args):
    _, batch, side, _ = CONFIGS[args.config]
    torch.manual_seed(1)
    net = WsolNetwork(args.config)
    torch.manual_seed(2)
    images = torch.randn(batch, 3, side, side)
    labels = torch.randint(CLASSES, (batch,))
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)
        images = images.contiguous(memory_format=torch.channels_last)
    if args.mode == "step":
        net.train()
        optimizer = make_optimizer(net)
        action = lambda: train_step(net, optimizer, images, labels)
    else:
        net.eval()

        def action():
            with torch.no_grad():
                logits, maps = net(images)
            return float(logits[0, 0])
    times, rss = [], []
    for i in range(args.warmup + args.iters):
        start = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - start) * 1000.0
        if i >= args.warmup:
            times.append(elapsed)
            rss.append(rss_mb("VmRSS"))
    return {
        "runtime": "pytorch", "config": args.config, "mode": args.mode, "channels_last": args.channels_last,
        "threads": torch.get_num_threads(), "version": f"torch {torch.__version__}, torchvision {torchvision.__version__}",
        "times_ms": times, "rss_mb": rss, "rss_peak_mb": rss_mb("VmHWM"), "rss_final_mb": rss_mb("VmRSS"),
    }


def read_safetensors(path):
    # The parser of tests/reference/wsol_network_crosscheck.py, reused.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "reference"))
    from wsol_network_crosscheck import read_safetensors as read
    return read(path)


def relative_difference(ours, theirs):
    return ((ours.double() - theirs.double()).abs().max() / theirs.double().abs().max()).item()


def run_check(args):
    """Same weights and input as the C# side: eval logits, then two SGD steps in train mode, then eval logits again."""
    with open(os.path.join(args.bundle, "check.json")) as f:
        meta = json.load(f)
    config = meta["config"]

    def array(name, dtype=np.float32):
        return torch.from_numpy(np.fromfile(os.path.join(args.bundle, name), dtype=dtype).reshape(meta["shapes"][name]))

    net = WsolNetwork(config)
    # The exporter writes the backbone under torchvision's names (no "backbone." prefix).
    state = {(k if k.startswith(("attention.", "classifier.")) else "backbone." + k): v
             for k, v in read_safetensors(os.path.join(args.bundle, "network.safetensors")).items()}
    missing, unexpected = net.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"state-dict keys: missing {missing}, unexpected {unexpected}")
    images, labels = array("input.f32"), array("labels.i64", np.int64)
    result = {"runtime": "pytorch", "config": config, "mode": "check", "threads": torch.get_num_threads()}
    net.eval()
    with torch.no_grad():
        result["logits_before"] = relative_difference(net(images)[0], array("logits_before.f32"))
    net.train()
    optimizer = make_optimizer(net)
    losses = [train_step(net, optimizer, images, labels) for _ in range(meta["steps"])]
    result["losses"] = losses
    result["losses_csharp"] = meta["losses"]
    net.eval()
    with torch.no_grad():
        result["logits_after"] = relative_difference(net(images)[0], array("logits_after.f32"))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", choices=sorted(CONFIGS), default="b")
    parser.add_argument("--mode", choices=["infer", "step", "check"], default="step")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iters", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (Debian's build defaults to 1)")
    parser.add_argument("--channels-last", action="store_true", help="model and input in channels-last memory format")
    parser.add_argument("--bundle", help="folder written by PerformanceBench --export-check (mode check)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.mode == "check":
        if not args.bundle:
            parser.error("--mode check needs --bundle")
        result = run_check(args)
    else:
        result = run_timed(args)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
