namespace Rfga.MLNet.Weights;

/// <summary>One float initializer of an ONNX graph.</summary>
/// <param name="Name">The initializer's name in the graph.</param>
/// <param name="Dims">Its shape.</param>
/// <param name="Data">Its values, row-major.</param>
internal sealed record OnnxTensor(string Name, long[] Dims, float[] Data);
