using System;
using System.Collections.Generic;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// What <see cref="AttentionInspector.Inspect"/> read from one forward pass of a trained network on one image: the
/// attention intermediates, the class probabilities and the class-map head's weights, as plain arrays.
/// </summary>
public sealed class AttentionSnapshot
{
    private readonly float[] classifierWeights;

    internal AttentionSnapshot(AttentionMaps maps, float[] scores, float[] classifierWeights)
    {
        Maps = maps;
        Scores = Array.AsReadOnly(scores);
        this.classifierWeights = classifierWeights;
        for (int k = 1; k < scores.Length; k++)
            if (scores[k] > scores[PredictedClass]) PredictedClass = k;
    }

    /// <summary>X, X̂, M, z_c, z_h, z_w of the image at the network's test size.</summary>
    public AttentionMaps Maps { get; }

    /// <summary>Class probabilities (softmax of the logits), [K].</summary>
    public IReadOnlyList<float> Scores { get; }

    /// <summary>The 0-based index of the most probable class (first on ties).</summary>
    public int PredictedClass { get; }

    /// <summary>The head's weights w_{y,k} of class <paramref name="classIndex"/> (0-based), [C].</summary>
    public float[] ClassifierWeights(int classIndex)
    {
        if ((uint)classIndex >= (uint)Scores.Count) throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"must be in [0, {Scores.Count})");
        return classifierWeights.AsSpan(classIndex * Maps.Channels, Maps.Channels).ToArray();
    }
}
