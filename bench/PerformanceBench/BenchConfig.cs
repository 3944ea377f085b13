using System;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Bench;

/// <summary>A benchmarked network and input shape (notes/performance.md configs a and b; bench/torch_reference.py CONFIGS).</summary>
internal sealed record BenchConfig(string Name, string Description, BackboneKind Backbone, int Batch, int Side)
{
    /// <summary>Classes of the 1×1 classifier in the bare runs (the ML.NET chain's come from its data).</summary>
    public const int Classes = 200;

    public static readonly BenchConfig A = new("a", "R50+RFGA, b2, 448²", BackboneKind.ResNet50, 2, 448);
    public static readonly BenchConfig B = new("b", "R18+RFGA, b8, 224²", BackboneKind.ResNet18, 8, 224);

    public static BenchConfig Parse(string name) => name switch
    {
        "a" => A,
        "b" => B,
        _ => throw new ArgumentException($"unknown config '{name}': allowed a, b"),
    };

    public WsolNetworkSpec Spec(int classes = Classes) => new(classes, Backbone, AttentionKind.RfgaResidual);
}

/// <summary>
/// The TorchSharp settings a worker runs with. <see cref="Collect"/> and <see cref="KeepFreedMemory"/> default to what the
/// library does; the other values are the "before" variants of each fix.
/// </summary>
/// <param name="Collect">Release unreachable TorchSharp handles after every step (NativeMemoryPolicy.ReleaseUnreachableHandles).</param>
/// <param name="KeepFreedMemory">glibc keeps freed memory (NativeMemoryPolicy.KeepFreedMemory) before any tensor exists.</param>
/// <param name="ChannelsLast">Convolution weights and the input in channels-last (NHWC) strides.</param>
/// <param name="Threads">torch intra-op threads.</param>
/// <param name="InputLayout">WsolNetwork.InputLayout: the library's default (channels-last input on the CPU) or AsGiven (NCHW, before the fix).</param>
internal sealed record TorchSharpSettings(bool Collect, bool KeepFreedMemory, bool ChannelsLast, int Threads,
    InputMemoryLayout InputLayout = InputMemoryLayout.Auto);
