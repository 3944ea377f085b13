using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>One scored image kept for overlays: its CAM at the source size, ground truth and the model's own box.</summary>
/// <param name="Index">0-based position in the input.</param>
/// <param name="ImagePath">Absolute image path.</param>
/// <param name="ClassName">Ground-truth class name, or empty.</param>
/// <param name="Predicted">Predicted class name (or key number when the model has no names).</param>
/// <param name="Cam">The evaluation CAM (ground-truth class when labelled, else predicted), row-major, [0, 1].</param>
/// <param name="Width">CAM (= image) width.</param>
/// <param name="Height">CAM (= image) height.</param>
/// <param name="GroundTruth">Ground-truth boxes (may be empty).</param>
/// <param name="ModelBox">The box the model's chain derived at its own τ (from its CAM target), or null.</param>
internal sealed record KeptImage(int Index, string ImagePath, string ClassName, string Predicted, float[] Cam, int Width, int Height,
    PixelBox[] GroundTruth, PixelBox? ModelBox);
