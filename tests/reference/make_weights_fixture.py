#!/usr/bin/env python3
"""Writes tests/Rfga.MLNet.Tests/Weights/pytorch_checkpoint.pth, a checkpoint saved by PyTorch itself (dev-only).

The file has the shape of what training scripts such as wsolevaluation's save: {"state_dict": model.state_dict(),
"epoch": 3} of a model wrapped in torch.nn.DataParallel, so every key starts with "module.". Its tensors cover what
the C# reader must handle (WeightsFileTests.Read_PyTorchWrittenNestedCheckpoint_*):
  module.conv.weight         float32 [2, 3, 1, 1]  arange(6) * 0.25
  module.fc.weight           float32 [3, 2]        arange(6) * 0.5
  module.bn.num_batches_tracked int64 []           7
  module.half                float16 [4]           [0.5, -1, 2, 1024]
Run: /usr/bin/python3 tests/reference/make_weights_fixture.py (Debian's python3-torch).
"""
import collections
import os

import torch


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "Rfga.MLNet.Tests", "Weights", "pytorch_checkpoint.pth")
    state = collections.OrderedDict()
    state["module.conv.weight"] = (torch.arange(6, dtype=torch.float32) * 0.25).view(2, 3, 1, 1)
    # Contiguous: TorchSharp.PyBridge 1.4.4 cannot read strided views (torch.save keeps a transpose's strides).
    state["module.fc.weight"] = (torch.arange(6, dtype=torch.float32) * 0.5).view(3, 2)
    state["module.bn.num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    state["module.half"] = torch.tensor([0.5, -1, 2, 1024], dtype=torch.float16)
    torch.save({"state_dict": state, "epoch": 3}, out)
    print(f"wrote {os.path.normpath(out)} ({os.path.getsize(out)} bytes) with torch {torch.__version__}")


if __name__ == "__main__":
    main()
