using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Rfga.MLNet.Data;

/// <summary>
/// A place in a publisher's file, for error messages: the path and the 1-based line (0 = the whole file);
/// <paramref name="Unit"/> names what is counted ("line", or "entry" for the records of a MAT-file).
/// </summary>
internal readonly record struct SourceRef(string Path, int Line, string Unit = "line")
{
    /// <summary>An <see cref="InvalidDataException"/> whose message starts with this place.</summary>
    public InvalidDataException Error(string message) => new($"{this}: {message}");

    /// <summary>"path, line N" (or the path alone).</summary>
    public override string ToString() => Line > 0 ? $"'{Path}', {Unit} {Line.ToString(CultureInfo.InvariantCulture)}" : $"'{Path}'";
}

/// <summary>One non-blank line of a listing file with its 1-based number.</summary>
internal readonly record struct ListingLine(SourceRef At, string Text);

/// <summary>
/// Reads the publishers' plain-text listings: any of LF, CRLF or CR line ends, a UTF-8 byte-order mark,
/// blank lines (trailing ones included) skipped while line numbers keep counting. Numbers are invariant-culture.
/// </summary>
internal static class ListingFile
{
    /// <summary>The non-blank lines of <paramref name="path"/>; throws <see cref="FileNotFoundException"/> naming it if absent.</summary>
    public static List<ListingLine> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Listing file not found: '{path}'.", path);
        var lines = new List<ListingLine>();
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        int number = 0;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text)) lines.Add(new ListingLine(new SourceRef(path, number), text.Trim()));
        }
        return lines;
    }

    /// <summary>Splits a line at runs of whitespace and requires exactly <paramref name="count"/> fields.</summary>
    public static string[] Fields(ListingLine line, int count, string expected)
    {
        var fields = line.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != count) throw line.At.Error($"expected {expected}; got {fields.Length} field(s) in \"{line.Text}\".");
        return fields;
    }

    /// <summary>Splits a line at its separator and requires exactly <paramref name="count"/> fields.</summary>
    public static string[] Fields(ListingLine line, char separator, int count, string expected)
    {
        var fields = line.Text.Split(separator);
        if (fields.Length != count) throw line.At.Error($"expected {expected}; got {fields.Length} field(s) in \"{line.Text}\".");
        for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
        return fields;
    }

    /// <summary>Splits a line at its first whitespace only: the key, and the rest verbatim (it may contain spaces).</summary>
    public static (string Key, string Value) KeyAndRest(ListingLine line, string expected)
    {
        int space = line.Text.AsSpan().IndexOfAny(' ', '\t');
        if (space < 0) throw line.At.Error($"expected {expected}; got \"{line.Text}\".");
        string rest = line.Text[(space + 1)..].Trim();
        if (rest.Length == 0) throw line.At.Error($"expected {expected}; got \"{line.Text}\".");
        return (line.Text[..space], rest);
    }

    /// <summary>Parses an invariant-culture integer or throws naming the place and the field.</summary>
    public static int Int(string text, SourceRef at, string field)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw at.Error($"{field} \"{text}\" is not an integer.");
        return value;
    }

    /// <summary>Parses an invariant-culture finite number or throws naming the place and the field.</summary>
    public static double Double(string text, SourceRef at, string field)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw at.Error($"{field} \"{text}\" is not a finite number.");
        return value;
    }

    /// <summary>Throws <see cref="DirectoryNotFoundException"/> naming <paramref name="path"/> unless it exists.</summary>
    public static void RequireDirectory(string path, string what)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{what} not found: '{path}'.");
    }
}
