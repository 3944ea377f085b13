using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// The WSOL classifier: backbone → attention (RFGA, SE, CBAM, ECA, or none) → 1×1 conv class-map head (no bias)
/// → global average pooling. Images [B, 3, H, W] → class maps S [B, K, h, w] and logits = GAP(S) [B, K]
/// (PAPER.md §3). State-dict keys: backbone.*, attention.*, classifier.weight. The training-time method
/// (<see cref="WsolNetworkSpec.Method"/>) may add parameter-free backbone layers (ADL) or replace the classifier by
/// its own head (ACoL: head.*).
/// </summary>
/// <remarks>
/// A training-mode forward in which any BatchNorm would see one value per channel throws before touching running
/// statistics (PyTorch raises there; TorchSharp would silently write NaN). RFGA's c-branch hits this with a batch
/// of 1; its message names <see cref="WsolNetworkSpec.SingleSample"/>.
/// On the CPU every forward hands the backbone a channels-last copy of the images (<see cref="InputLayout"/>,
/// <see cref="MemoryLayout"/>); the layout stays inside: parameters, outputs and traced tensors are NCHW-contiguous.
/// </remarks>
public sealed class WsolNetwork : nn.Module<Tensor, WsolOutput>
{
    private readonly WsolBackbone backbone;
    private readonly WsolAttention? attention;
    private readonly Conv2d? classifier;
    private readonly WsolHead? head;
    private InputMemoryLayout inputLayout = InputMemoryLayout.Auto;

    /// <summary>Builds the network described by <paramref name="spec"/>, initialised from torch's global RNG.</summary>
    /// <param name="spec">The configuration (validated here).</param>
    public WsolNetwork(WsolNetworkSpec spec) : base(nameof(WsolNetwork))
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        Method = NetworkFactory.CreateMethod(spec);
        backbone = NetworkFactory.CreateBackbone(spec.Backbone);
        attention = NetworkFactory.CreateAttention(spec, backbone.OutChannels);
        head = Method.CreateHead(backbone.OutChannels, spec.ClassCount);
        // PyTorch Conv2d default initialisation (PAPER.md §2.4d).
        if (head is null) classifier = nn.Conv2d(backbone.OutChannels, spec.ClassCount, 1, bias: false);
        RegisterComponents();
        // RFGA checks its own branches (with the policy of PAPER.md §2.4b); every other BatchNorm is guarded here.
        BatchNormGuard.Attach(backbone, "backbone.");
        if (attention is not null and not RfgaModule) BatchNormGuard.Attach(attention, "attention.");
        Method.Attach(backbone);
    }

    /// <summary>The training-time method's hooks (<see cref="WsolNetworkSpec.Method"/>), called by the trainer.</summary>
    internal IWsolMethod Method { get; }

    /// <summary>The configuration this network was built from.</summary>
    public WsolNetworkSpec Spec { get; }

    /// <summary>The ratio of input side to class-map side.</summary>
    public int Stride => backbone.Stride;

    /// <summary>The feature extractor (load ImageNet weights into it by torchvision name).</summary>
    public WsolBackbone Backbone => backbone;

    /// <summary>The attention module, or null for plain CAM.</summary>
    public WsolAttention? Attention => attention;

    /// <summary>The 1×1 class-map head, Conv2d(C, K, 1, bias: false); its weight [K, C, 1, 1] holds w_{y,k}.</summary>
    /// <exception cref="InvalidOperationException">The method replaced it by its own head (ACoL).</exception>
    public Conv2d Classifier => classifier
        ?? throw new InvalidOperationException($"This {Spec.Method} network has no single 1×1 classifier: its class maps come from the method's own head.");

    /// <summary>
    /// The layout in which the forward passes hand the images to the backbone; by default channels-last on the CPU
    /// (faster convolutions, <see cref="MemoryLayout"/>), as given on other devices. Outputs agree with
    /// <see cref="InputMemoryLayout.AsGiven"/> up to float rounding. A run-time setting: not part of
    /// <see cref="Spec"/>, not saved with the weights.
    /// </summary>
    public InputMemoryLayout InputLayout
    {
        get => inputLayout;
        set => inputLayout = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "allowed: Auto, ChannelsLast, AsGiven");
    }

    /// <inheritdoc />
    public override WsolOutput forward(Tensor images) => ForwardWithLabels(images, null);

    /// <summary>
    /// The forward pass with the images' classes, which guide methods that need them in training (ACoL erases with the
    /// map of the given class; without labels it uses the predicted class). Plain heads ignore <paramref name="labels"/>.
    /// </summary>
    /// <param name="images">Normalised images [B, 3, H, W].</param>
    /// <param name="labels">Class indices [B] (int64), or null.</param>
    public WsolOutput ForwardWithLabels(Tensor images, Tensor? labels)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var features = backbone.call(MemoryLayout.ForBackbone(images, inputLayout));
        var recalibrated = attention is null ? features : attention.call(features);
        return Head(recalibrated, labels);
    }

    /// <summary>
    /// Class maps and logits of the recalibrated features, NCHW-contiguous (the backbone may have run channels-last) and
    /// moved to the caller's scope.
    /// </summary>
    private WsolOutput Head(Tensor recalibrated, Tensor? labels)
    {
        if (head is not null)
        {
            var output = head.call(recalibrated, labels);
            return new WsolOutput(Out(output.Logits), Out(output.ClassMaps))
            {
                AuxiliaryLogits = output.AuxiliaryLogits is { } auxiliary ? Out(auxiliary) : null,
            };
        }
        var maps = classifier!.call(recalibrated);
        var logits = maps.mean([2, 3]);
        return new WsolOutput(Out(logits), Out(maps));
    }

    /// <summary>
    /// A result for the caller: NCHW-contiguous (a copy only if the backbone ran channels-last), so that readers of raw
    /// memory (TorchSharp's <c>bytes</c>, <c>Tensor.save</c>, PyBridge's pickler, which refuse other strides) need no
    /// care; moved to the dispose scope outside the forward's.
    /// </summary>
    private static Tensor Out(Tensor t) => t.contiguous().MoveToOuterDisposeScope();

    /// <summary>
    /// The forward pass with the attention intermediates X, X̂, M, z_c, z_h, z_w (PAPER.md Fig. 5). Same outputs as
    /// <see cref="forward"/>; in training mode it updates BatchNorm statistics as forward does.
    /// </summary>
    /// <param name="images">Normalised images [B, 3, H, W].</param>
    public WsolTrace Trace(Tensor images)
    {
        CheckImages(images);
        using var scope = NewDisposeScope();
        var features = backbone.call(MemoryLayout.ForBackbone(images, inputLayout));
        var trace = attention is null
            ? new AttentionTrace(features.alias(), features.alias(), null, null, null, null)
            : attention.Trace(features);
        var output = Head(trace.XHat, null);
        return new WsolTrace(output, trace.Contiguous().MoveToOuterDisposeScope());
    }

    private static void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"images must be [B, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            attention?.Dispose();
            classifier?.Dispose();
            head?.Dispose();
        }
        base.Dispose(disposing);
    }
}
