using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Data;

/// <summary>A generated WSOL dataset: training and test splits and the class names indexed by label.</summary>
public sealed class SyntheticWsolDataset
{
    /// <summary>Wraps the splits and class names (not copied).</summary>
    public SyntheticWsolDataset(IReadOnlyList<WsolSample> train, IReadOnlyList<WsolSample> test, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(classNames);
        Train = train;
        Test = test;
        ClassNames = classNames;
    }

    /// <summary>Training samples.</summary>
    public IReadOnlyList<WsolSample> Train { get; }

    /// <summary>Test samples (same distribution as <see cref="Train"/>, independent random stream).</summary>
    public IReadOnlyList<WsolSample> Test { get; }

    /// <summary>Class names; <c>ClassNames[label]</c>.</summary>
    public IReadOnlyList<string> ClassNames { get; }
}
