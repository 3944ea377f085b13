namespace Rfga.MLNet.Network;

/// <summary>
/// The training-time WSOL technique (PAPER.md §7). Independent of <see cref="AttentionKind"/>: the paper's CAM,
/// SENet, CBAM, ECA-Net and RFGA rows train with <see cref="Cam"/>; HaS, ACoL, ADL and CutMix rows use no attention.
/// </summary>
public enum WsolMethod
{
    /// <summary>Plain training: softmax cross-entropy on the unmodified batch, one 1×1 class-map head.</summary>
    Cam = 0,

    /// <summary>Hide-and-Seek (Singh and Lee 2017): each S×S patch of a training crop is hidden with probability 0.5.</summary>
    HaS = 1,

    /// <summary>
    /// ACoL (Zhang et al. 2018): two heads; head B sees the features erased where head A's map of the class is ≥ 0.7;
    /// loss CE(A) + CE(B); test CAM = max of the normalised A and B maps, logits from A.
    /// </summary>
    Acol = 2,

    /// <summary>
    /// ADL (Choe and Shim 2019): parameter-free layers in the backbone that, in training, multiply the features by a
    /// drop mask (probability 0.75) or an importance map.
    /// </summary>
    Adl = 3,

    /// <summary>CutMix (Yun et al. 2019): a box from a shuffled copy of the batch is pasted in; labels mixed by area.</summary>
    CutMix = 4,
}
