using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Data;

/// <summary>
/// A benchmark's official splits as read by <see cref="WsolDatasets"/>: records in the publisher's list order,
/// the class names in class-index order, and the warnings raised while reading (for example clipped boxes).
/// </summary>
public sealed class WsolSplits
{
    /// <summary>Wraps the lists (not copied).</summary>
    /// <param name="name">The data set's name, for messages.</param>
    /// <param name="classNames">Class names; index = <see cref="WsolRecord.ClassIndex"/>.</param>
    /// <param name="train">Training records.</param>
    /// <param name="validation">Validation records; empty when the layout has none or it was merged into train.</param>
    /// <param name="test">Test records.</param>
    /// <param name="warnings">Warnings, at most one per kind and data set.</param>
    public WsolSplits(string name, IReadOnlyList<string> classNames, IReadOnlyList<WsolRecord> train,
        IReadOnlyList<WsolRecord> validation, IReadOnlyList<WsolRecord> test, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(warnings);
        Name = name;
        ClassNames = classNames;
        Train = train;
        Validation = validation;
        Test = test;
        Warnings = warnings;
    }

    /// <summary>The data set's name, for messages ("CUB-200-2011", …).</summary>
    public string Name { get; }

    /// <summary>Class names in class-index order (the publisher's order).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Training records, in the publisher's list order.</summary>
    public IReadOnlyList<WsolRecord> Train { get; }

    /// <summary>Validation records (FGVC-Aircraft val, wsolevaluation val); empty when there are none.</summary>
    public IReadOnlyList<WsolRecord> Validation { get; }

    /// <summary>Test records, in the publisher's list order.</summary>
    public IReadOnlyList<WsolRecord> Test { get; }

    /// <summary>What was tolerated while reading (clipped boxes, a missing optional split), one line per kind.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
