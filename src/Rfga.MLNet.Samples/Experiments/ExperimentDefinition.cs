using System.Collections.Generic;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>An experiment: rows to train and evaluate, and the table shape to print them in.</summary>
/// <param name="Name">Short name (table1, table3, or the file's).</param>
/// <param name="Title">The table's title.</param>
/// <param name="Layout">How results are tabulated.</param>
/// <param name="Rows">The rows, in table order.</param>
/// <param name="Source">Where the definition came from (a file path or "built-in table1").</param>
internal sealed record ExperimentDefinition(string Name, string Title, ExperimentLayout Layout, IReadOnlyList<ExperimentRow> Rows, string Source);
