using System;
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

    /// <summary>Random BatchNorm statistics and affine parameters (weight, bias, mean, variance in turn), so that loading them matters.</summary>
    public static void Perturb(nn.Module module, Random rng)
    {
        using var noGrad = no_grad();
        foreach (var bn in Of(module))
        {
            foreach (var (t, lo, hi) in new[] { (bn.Weight, 0.5, 1.5), (bn.Bias, -0.2, 0.2), (bn.Mean, -0.2, 0.2), (bn.Var, 0.5, 2.0) })
            {
                var v = new float[t.numel()];
                for (int i = 0; i < v.Length; i++) v[i] = (float)(lo + (hi - lo) * rng.NextDouble());
                using var src = tensor(v, t.shape);
                t.copy_(src);
            }
        }
    }
}
