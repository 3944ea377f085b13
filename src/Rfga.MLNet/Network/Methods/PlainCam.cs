namespace Rfga.MLNet.Network;

/// <summary><see cref="WsolMethod.Cam"/>: plain training, every hook at its default (the unmodified batch, cross-entropy, the 1×1 head).</summary>
internal sealed class PlainCam : IWsolMethod
{
}
