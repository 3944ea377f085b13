using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Rfga.MLNet.Weights;

/// <summary>
/// A weights file does not fit the network: keys the network needs that the file lacks, keys the file has that the
/// network does not, and keys whose shapes (or kinds: floating point versus integer) differ. Nothing was loaded.
/// </summary>
public sealed class StateDictMismatchException : IOException
{
    private const int ListedPerKind = 25;

    /// <summary>Creates the exception; the message names the source and lists every kind of mismatch.</summary>
    /// <param name="source">The file (or description) the weights came from.</param>
    /// <param name="missing">Keys the network needs that the source lacks.</param>
    /// <param name="unexpected">Keys of the source the network does not have.</param>
    /// <param name="misShaped">Keys present on both sides whose shapes differ, each as "key: file [..], network [..]".</param>
    public StateDictMismatchException(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misShaped)
        : base(Describe(source, missing, unexpected, misShaped))
    {
        SourceName = source;
        Missing = missing;
        Unexpected = unexpected;
        MisShaped = misShaped;
    }

    /// <summary>The file (or description) the weights came from.</summary>
    public string SourceName { get; }

    /// <summary>Keys the network needs that the file lacks.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Keys of the file that the network does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; }

    /// <summary>Keys whose shapes differ, each as "key: file [..], network [..]".</summary>
    public IReadOnlyList<string> MisShaped { get; }

    private static string Describe(string source, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> misShaped)
    {
        var parts = new List<string>();
        if (missing.Count > 0) parts.Add($"{missing.Count} missing key(s): {List(missing)}");
        if (unexpected.Count > 0) parts.Add($"{unexpected.Count} unexpected key(s): {List(unexpected)}");
        if (misShaped.Count > 0) parts.Add($"{misShaped.Count} mis-shaped key(s): {List(misShaped)}");
        return $"The weights in '{source}' do not fit the network: {string.Join("; ", parts)}.";
    }

    private static string List(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(ListedPerKind)) + (keys.Count > ListedPerKind ? $", … ({keys.Count - ListedPerKind} more)" : "");
}
