using System;

namespace Rfga.MLNet.Network;

/// <summary>Everything needed to rebuild a <see cref="WsolNetwork"/> before loading its weights.</summary>
/// <param name="ClassCount">K, the number of classes (≥ 2).</param>
/// <param name="Backbone">The feature extractor.</param>
/// <param name="Attention">The module between features and head.</param>
/// <param name="Views">RFGA views (ignored unless <paramref name="Attention"/> is an RFGA kind).</param>
/// <param name="KernelSize">RFGA's 1-D kernel size k (odd).</param>
public sealed record WsolNetworkSpec(
    int ClassCount,
    BackboneKind Backbone = BackboneKind.Tiny,
    AttentionKind Attention = AttentionKind.RfgaResidual,
    RfgaViews Views = RfgaViews.All,
    int KernelSize = 3)
{
    /// <summary>Throws if a field is out of range, naming it.</summary>
    public void Validate()
    {
        if (ClassCount < 2) throw new ArgumentOutOfRangeException(nameof(ClassCount), ClassCount, "need at least 2 classes");
        if (!Enum.IsDefined(Backbone)) throw new ArgumentOutOfRangeException(nameof(Backbone), Backbone, "unknown backbone");
        if (!Enum.IsDefined(Attention)) throw new ArgumentOutOfRangeException(nameof(Attention), Attention, "unknown attention kind");
        if ((Views & RfgaViews.All) == 0 || (Views & ~RfgaViews.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(Views), Views, "must be a non-empty combination of Channel, Height, Width");
        if (KernelSize < 1 || KernelSize % 2 == 0) throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize, "must be odd and ≥ 1");
    }
}
