using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Makes a training-mode BatchNorm that would see one value per channel throw, as PyTorch does, instead of
/// TorchSharp's silent NaN in running_var (notes/performance.md finding 7). Installed as forward pre-hooks, so
/// it fires before the running statistics change.
/// </summary>
internal static class BatchNormGuard
{
    /// <summary>Hooks every <see cref="WsolBatchNorm"/> under <paramref name="root"/>, naming each by its state-dict prefix.</summary>
    public static void Attach(nn.Module root, string prefix)
    {
        foreach (var (name, module) in root.named_modules())
        {
            if (module is not WsolBatchNorm norm) continue;
            string key = prefix + name;
            norm.register_forward_pre_hook((m, x) =>
            {
                if (m.training && x.numel() == x.shape[1])
                    throw new InvalidOperationException(
                        $"BatchNorm '{key}' got one value per channel in a training-mode forward (input [{string.Join(", ", x.shape)}]): " +
                        "its batch variance is undefined and TorchSharp would write NaN into running_var. " +
                        "Train with a batch of at least 2 (TrainingSettings.BatchSize) or larger images.");
                return x;
            });
        }
    }
}
