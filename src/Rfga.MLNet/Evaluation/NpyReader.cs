using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Reads the score maps the reference saves with <c>np.save</c>: NPY format 1.0, 2.0 or 3.0 files holding a
/// 2-D float32 or float64 array (<c>'&lt;f4'</c>, <c>'&gt;f4'</c>, <c>'&lt;f8'</c>, <c>'&gt;f8'</c>) in C order.
/// Values are widened to float64 exactly. No Python needed.
/// </summary>
/// <remarks>
/// Every problem is an <see cref="InvalidDataException"/> naming the file and what is wrong: not an NPY file,
/// an unknown version, a malformed header, another dtype (integers, float16, complex, structured), Fortran
/// order, a rank other than 2, an empty array, truncated data or trailing bytes. Values are not range-checked
/// here; the evaluator checks NaN and [0, 1].
/// </remarks>
public static class NpyReader
{
    private const int MaxHeaderLength = 1 << 20;
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    [ThreadStatic]
    private static byte[]? t_bytes;

    /// <summary>Reads a 2-D array [rows, columns] from an .npy file into a new row-major array.</summary>
    /// <param name="path">The .npy file.</param>
    /// <param name="rows">Number of rows (the map height H).</param>
    /// <param name="columns">Number of columns (the map width W).</param>
    public static double[] ReadMatrix(string path, out int rows, out int columns)
    {
        double[] values = Array.Empty<double>();
        ReadMatrix(path, ref values, out rows, out columns);
        return values.Length == rows * columns ? values : values.AsSpan(0, rows * columns).ToArray();
    }

    /// <summary>
    /// Reads a 2-D array from an .npy file into <paramref name="buffer"/>[0 .. rows·columns), replacing the buffer
    /// with a larger one when it is too small (so one buffer serves a whole folder of maps).
    /// </summary>
    public static void ReadMatrix(string path, ref double[] buffer, out int rows, out int columns)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Score map not found: '{path}'.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        ReadMatrix(stream, path, ref buffer, out rows, out columns);
    }

    /// <summary>Reads a 2-D array from a stream positioned at an .npy header; <paramref name="name"/> names it in errors.</summary>
    public static void ReadMatrix(Stream stream, string name, ref double[] buffer, out int rows, out int columns)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        buffer ??= Array.Empty<double>();
        (bool bigEndian, int itemSize, rows, columns) = ReadHeader(stream, name);
        int count = rows * columns;
        if (buffer.Length < count)
        {
            buffer = new double[count];
        }

        Span<double> values = buffer.AsSpan(0, count);
        if (itemSize == sizeof(double))
        {
            Fill(stream, MemoryMarshal.AsBytes(values), name, count * 8L);
            if (bigEndian)
            {
                Span<ulong> bits = MemoryMarshal.Cast<double, ulong>(values);
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }
        }
        else
        {
            byte[] bytes = t_bytes is { } cached && cached.Length >= count * 4 ? cached : (t_bytes = new byte[count * 4]);
            Span<byte> raw = bytes.AsSpan(0, count * 4);
            Fill(stream, raw, name, count * 4L);
            Span<uint> bits = MemoryMarshal.Cast<byte, uint>(raw);
            if (bigEndian)
            {
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            ReadOnlySpan<float> singles = MemoryMarshal.Cast<uint, float>(bits);
            for (int i = 0; i < singles.Length; i++)
            {
                values[i] = singles[i]; // exact widening
            }
        }

        if (stream.ReadByte() >= 0)
        {
            throw Error(name, string.Create(CultureInfo.InvariantCulture,
                $"has bytes after the {count}·{itemSize} data bytes of a ({rows}, {columns}) array."));
        }
    }

    // Parses magic, version and header dict; returns the element layout and the 2-D shape.
    private static (bool BigEndian, int ItemSize, int Rows, int Columns) ReadHeader(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (ReadUpTo(stream, prefix[..8]) < 8 || !prefix[..6].SequenceEqual(s_magic))
        {
            throw Error(name, "is not an NPY file (it does not start with \\x93NUMPY).");
        }

        int major = prefix[6], minor = prefix[7];
        int headerLength;
        if (major == 1)
        {
            Fill(stream, prefix.Slice(8, 2), name, 2);
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8, 2));
        }
        else if (major is 2 or 3)
        {
            Fill(stream, prefix.Slice(8, 4), name, 4);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix.Slice(8, 4));
            headerLength = length > MaxHeaderLength ? -1 : (int)length;
        }
        else
        {
            throw Error(name, string.Create(CultureInfo.InvariantCulture, $"has NPY format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported."));
        }

        if (minor != 0 || headerLength < 0)
        {
            throw Error(name, minor != 0
                ? string.Create(CultureInfo.InvariantCulture, $"has NPY format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are supported.")
                : "has an implausibly long header.");
        }

        var headerBytes = new byte[headerLength];
        Fill(stream, headerBytes, name, headerLength);
        string header;
        try
        {
            header = (major == 3 ? new UTF8Encoding(false, true) : Encoding.Latin1).GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(name, "has a header that is not valid UTF-8.");
        }

        Dictionary<string, object> dict = HeaderParser.Parse(header, message => Error(name, $"has a malformed header ({message}): {header.Trim()}"));
        string descr = Get<string>(dict, "descr", name);
        bool fortran = Get<bool>(dict, "fortran_order", name);
        List<long> shape = Get<List<long>>(dict, "shape", name);

        (bool bigEndian, int itemSize) = descr switch
        {
            "<f4" => (false, 4),
            ">f4" => (true, 4),
            "<f8" => (false, 8),
            ">f8" => (true, 8),
            _ => throw Error(name, $"has dtype '{descr}'; score maps must be float32 ('<f4', '>f4') or float64 ('<f8', '>f8')."),
        };
        if (fortran)
        {
            throw Error(name, "is stored in Fortran order (fortran_order: True); save a C-ordered array (np.ascontiguousarray) instead.");
        }

        string shapeText = "(" + string.Join(", ", shape) + (shape.Count == 1 ? ",)" : ")");
        if (shape.Count != 2)
        {
            throw Error(name, string.Create(CultureInfo.InvariantCulture, $"holds a {shape.Count}-D array of shape {shapeText}; score maps must be 2-D (H, W)."));
        }

        if (shape[0] < 1 || shape[1] < 1 || shape[0] > int.MaxValue || shape[1] > int.MaxValue || shape[0] * shape[1] > Array.MaxLength / 8)
        {
            throw Error(name, $"holds an array of shape {shapeText}; a score map needs at least one pixel and fewer than 2^28.");
        }

        return (bigEndian, itemSize, (int)shape[0], (int)shape[1]);
    }

    private static T Get<T>(Dictionary<string, object> dict, string key, string name) =>
        !dict.TryGetValue(key, out object? value) ? throw Error(name, $"has no '{key}' in its header.")
        : value is T typed ? typed
        : throw Error(name, $"has an unexpected '{key}' value in its header.");

    private static void Fill(Stream stream, Span<byte> target, string name, long expected)
    {
        int read = ReadUpTo(stream, target);
        if (read < target.Length)
        {
            throw Error(name, string.Create(CultureInfo.InvariantCulture, $"is truncated: {read} of {expected} expected bytes."));
        }
    }

    private static int ReadUpTo(Stream stream, Span<byte> target)
    {
        int total = 0;
        while (total < target.Length)
        {
            int read = stream.Read(target[total..]);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static InvalidDataException Error(string name, string what) => new($"'{name}' {what}");

    // The Python literal of an NPY header: a dict of str keys to str, bool or int-tuple values.
    private static class HeaderParser
    {
        public static Dictionary<string, object> Parse(string text, Func<string, Exception> error)
        {
            var dict = new Dictionary<string, object>(StringComparer.Ordinal);
            int i = 0;
            Expect(text, ref i, '{', error);
            while (true)
            {
                SkipSpace(text, ref i);
                if (Peek(text, i) == '}')
                {
                    return dict;
                }

                string key = ParseString(text, ref i, error);
                Expect(text, ref i, ':', error);
                if (!dict.TryAdd(key, ParseValue(text, ref i, error)))
                {
                    throw error($"key '{key}' appears twice");
                }

                SkipSpace(text, ref i);
                if (Peek(text, i) == ',')
                {
                    i++;
                }
                else if (Peek(text, i) != '}')
                {
                    throw error($"expected ',' or '}}' at offset {i}");
                }
            }
        }

        private static object ParseValue(string text, ref int i, Func<string, Exception> error)
        {
            SkipSpace(text, ref i);
            char c = Peek(text, i);
            if (c is '\'' or '"')
            {
                return ParseString(text, ref i, error);
            }

            if (c == '(')
            {
                i++;
                var items = new List<long>();
                while (true)
                {
                    SkipSpace(text, ref i);
                    if (Peek(text, i) == ')')
                    {
                        i++;
                        return items;
                    }

                    int start = i;
                    while (char.IsAsciiDigit(Peek(text, i)))
                    {
                        i++;
                    }

                    if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
                    {
                        throw error($"expected a dimension at offset {start}");
                    }

                    items.Add(value);
                    if (Peek(text, i) == 'L')
                    {
                        i++; // Python 2 long suffix
                    }

                    SkipSpace(text, ref i);
                    if (Peek(text, i) == ',')
                    {
                        i++;
                    }
                    else if (Peek(text, i) != ')')
                    {
                        throw error($"expected ',' or ')' at offset {i}");
                    }
                }
            }

            foreach ((string word, bool value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, i, word, 0, word.Length) == 0)
                {
                    i += word.Length;
                    return value;
                }
            }

            throw error(c == '[' ? "a structured dtype (a list) is not a score map" : $"unexpected value at offset {i}");
        }

        private static string ParseString(string text, ref int i, Func<string, Exception> error)
        {
            SkipSpace(text, ref i);
            char quote = Peek(text, i);
            if (quote is not ('\'' or '"'))
            {
                throw error($"expected a quoted string at offset {i}");
            }

            int end = text.IndexOf(quote, i + 1);
            if (end < 0)
            {
                throw error("unterminated string");
            }

            string value = text[(i + 1)..end];
            i = end + 1;
            return value;
        }

        private static void Expect(string text, ref int i, char c, Func<string, Exception> error)
        {
            SkipSpace(text, ref i);
            if (Peek(text, i) != c)
            {
                throw error($"expected '{c}' at offset {i}");
            }

            i++;
        }

        private static void SkipSpace(string text, ref int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
        }

        private static char Peek(string text, int i) => i < text.Length ? text[i] : '\0';
    }
}
