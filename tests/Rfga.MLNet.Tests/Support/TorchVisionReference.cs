using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Support;

/// <summary>TorchVision's own networks as the reference our backbones are compared with.</summary>
internal static class TorchVisionReference
{
    /// <summary>torchvision's ResNet up to layer4 (its children before avgpool).</summary>
    public static Tensor Trunk(TorchSharp.Modules.ResNet reference, Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = x;
        foreach (var (name, child) in reference.named_children())
        {
            if (name == "avgpool") break;
            y = ((nn.Module<Tensor, Tensor>)child).call(y);
        }
        return y.MoveToOuterDisposeScope();
    }
}
