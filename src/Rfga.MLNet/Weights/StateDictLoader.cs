using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Copies a state dict into a module with strict checks: every key of the module must be in the source with the same
/// shape, and the source may hold no other key (except those the caller ignores). All checks run before anything is
/// copied, so a mismatch leaves the module unchanged and throws <see cref="StateDictMismatchException"/> listing every
/// missing, unexpected and mis-shaped key.
/// </summary>
/// <remarks>
/// BatchNorm's <c>num_batches_tracked</c> may be missing from the source: torchvision's original ImageNet checkpoints
/// predate it, and PyTorch's own loader accepts them the same way. It only matters for BatchNorm with momentum None.
/// </remarks>
internal static class StateDictLoader
{
    /// <summary>The BatchNorm counter that older checkpoints lack.</summary>
    public const string BatchCounterSuffix = "num_batches_tracked";

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/>; keys of the source are <paramref name="keyOf"/>
    /// applied to the module's keys (identity when null).
    /// </summary>
    /// <param name="target">The module to fill.</param>
    /// <param name="source">Tensors by key (not disposed here).</param>
    /// <param name="sourceName">The file or description named in errors.</param>
    /// <param name="keyOf">Maps a module key to the source's key for it.</param>
    /// <param name="ignore">Source keys that are not the module's and are not an error (e.g. a classifier head), or null.</param>
    public static void Load(nn.Module target, IReadOnlyDictionary<string, Tensor> source, string sourceName,
        Func<string, string>? keyOf = null, Func<string, bool>? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        keyOf ??= k => k;
        var state = target.state_dict();
        var missing = new List<string>();
        var misShaped = new List<string>();
        var pairs = new List<(Tensor To, Tensor From)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, to) in state)
        {
            string sourceKey = keyOf(key);
            if (!source.TryGetValue(sourceKey, out var from))
            {
                if (!key.EndsWith(BatchCounterSuffix, StringComparison.Ordinal)) missing.Add(sourceKey);
                continue;
            }
            used.Add(sourceKey);
            if (!from.shape.SequenceEqual(to.shape) || from.is_floating_point() != to.is_floating_point())
                misShaped.Add($"{sourceKey}: file {Describe(from)}, network {Describe(to)}");
            else
                pairs.Add((to, from));
        }
        var unexpected = source.Keys.Where(k => !used.Contains(k) && !(ignore?.Invoke(k) ?? false)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || misShaped.Count > 0)
            throw new StateDictMismatchException(sourceName, missing, unexpected, misShaped);
        using var noGrad = no_grad();
        foreach (var (to, from) in pairs) to.copy_(from);
    }

    private static string Describe(Tensor t) => $"[{string.Join(", ", t.shape)}] {t.dtype}";
}
