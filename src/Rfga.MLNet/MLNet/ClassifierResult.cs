namespace Rfga.MLNet.MLNet;

/// <summary>The classifier's outputs for one image.</summary>
/// <param name="Scores">Class probabilities, length K.</param>
/// <param name="PredictedKey">1-based key of the top-1 class.</param>
/// <param name="ClassMaps">Class maps S, K·h·w values, row-major per class.</param>
/// <param name="Width">Source image width.</param>
/// <param name="Height">Source image height.</param>
internal sealed record ClassifierResult(float[] Scores, uint PredictedKey, float[] ClassMaps, int Width, int Height);
