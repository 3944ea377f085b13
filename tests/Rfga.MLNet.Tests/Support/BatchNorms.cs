using System.Collections.Generic;
using Rfga.MLNet.Network;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Support;

/// <summary>The BatchNorm tensors of a module tree, for the library's <see cref="WsolBatchNorm"/> and TorchSharp's BatchNorm2d alike.</summary>
internal static class BatchNorms
{
    /// <summary>(weight, bias, running mean, running variance) of every BatchNorm under <paramref name="root"/>, in module order.</summary>
    public static IEnumerable<(Tensor Weight, Tensor Bias, Tensor Mean, Tensor Var)> Of(nn.Module root)
    {
        foreach (var (_, m) in root.named_modules())
        {
            if (m is WsolBatchNorm ours) yield return (ours.Weight, ours.Bias, ours.RunningMean, ours.RunningVar);
            else if (m is BatchNorm2d torch) yield return (torch.weight!, torch.bias!, torch.running_mean!, torch.running_var!);
        }
    }
}
