using System.Collections.Generic;

namespace Rfga.MLNet.Samples.IO;

/// <summary>The images a command works on, with absolute paths, class names (may be empty) and ground-truth boxes.</summary>
/// <param name="Rows">The images, in list order.</param>
/// <param name="ClassNames">Class names in the data set's class order (layouts, class folders), or null (CSV: order of first occurrence).</param>
/// <param name="Description">What was read, for messages and reports ("CUB-200-2011 test split", "list.csv", a folder path).</param>
/// <param name="Warnings">What the reader tolerated (clipped boxes, …).</param>
internal sealed record InputSet(List<ImageListRow> Rows, IReadOnlyList<string>? ClassNames, string Description, IReadOnlyList<string> Warnings);
