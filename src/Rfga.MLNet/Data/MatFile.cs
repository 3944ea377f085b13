using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace Rfga.MLNet.Data;

/// <summary>
/// A reader for exactly what the Stanford Dogs lists hold: MATLAB Level 5 MAT-files ("MATLAB 5.0 MAT-file",
/// the format of <c>save -v6</c> and <c>-v7</c>) with top-level variables that are cell arrays of char arrays
/// and real numeric arrays, stored plainly or in zlib-compressed elements (miCOMPRESSED). Anything else
/// (structs, objects, sparse or complex arrays, v7.3/HDF5 files, Level 4 files) is an
/// <see cref="InvalidDataException"/> naming the file and the byte offset.
/// </summary>
/// <remarks>
/// Layout (MathWorks, "MAT-File Format", Level 5): a 128-byte header (116 bytes of text, 8 bytes subsystem
/// offset, int16 version 0x0100, the two characters "MI" written as an int16 — read "IM" on a little-endian
/// file); then data elements, each an 8-byte tag (uint32 type, uint32 byte count) and its data padded to 8
/// bytes, or a 4-byte "small element" tag (uint16 byte count in the high half, uint16 type in the low half)
/// with ≤ 4 bytes of data. An miMATRIX holds array flags (miUINT32 ×2: class in the low byte, flags in the
/// next), dimensions (miINT32), a name (miINT8), then the data: one miMATRIX per cell (column-major), the
/// characters (miUINT16/miUTF16/miUINT8/miUTF8), or the real part in any numeric type. miCOMPRESSED holds a
/// zlib stream of one element and is not padded.
/// </remarks>
internal sealed class MatFile
{
    private const int HeaderLength = 128;
    private const int Version5 = 0x0100;
    private const int Version73 = 0x0200;

    // Data types (miXXX).
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17;

    // Array classes (mxXXX_CLASS).
    private const int MxCell = 1, MxChar = 4, MxDouble = 6, MxUInt64 = 15;
    private const int ComplexFlag = 0x08;

    private readonly Dictionary<string, MatArray> variables;

    private MatFile(string path, Dictionary<string, MatArray> variables)
    {
        Path = path;
        this.variables = variables;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The top-level variable names, in file order.</summary>
    public IEnumerable<string> Names => variables.Keys;

    /// <summary>Reads and parses the whole file.</summary>
    public static MatFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"MAT-file not found: '{path}'.", path);
        byte[] bytes = File.ReadAllBytes(path);
        var file = new Buffer(bytes, path, BigEndian: false, Inner: null);
        if (bytes.Length < HeaderLength)
            throw file.Error(0, $"only {bytes.Length} bytes; a MATLAB 5 MAT-file starts with a {HeaderLength}-byte header");
        bool bigEndian = (bytes[126], bytes[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw file.Error(126, "no MATLAB 5 endian indicator ('IM' or 'MI'); not a Level 5 MAT-file (Level 4 files are not supported)"),
        };
        file = file with { BigEndian = bigEndian };
        int version = file.UInt16(124);
        if (version == Version73)
            throw file.Error(124, "a MATLAB 7.3 (HDF5) MAT-file; only Level 5 files (save -v7 or -v6) are supported");
        if (version != Version5)
            throw file.Error(124, $"version 0x{version:X4}; expected 0x0100 (MATLAB 5)");

        var variables = new Dictionary<string, MatArray>(StringComparer.Ordinal);
        int position = HeaderLength;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < 8 && bytes.AsSpan(position).IndexOfAnyExcept((byte)0) < 0) break;   // zero padding at the end
            var tag = file.Tag(position);
            MatArray array;
            if (tag.Type == MiCompressed)
            {
                var inner = file.Decompress(tag);
                var innerTag = inner.Tag(0);
                if (innerTag.Type != MiMatrix) throw inner.Error(0, $"a compressed element holds data type {innerTag.Type}; expected miMATRIX ({MiMatrix})");
                array = inner.Matrix(innerTag);
            }
            else if (tag.Type == MiMatrix)
            {
                array = file.Matrix(tag);
            }
            else
            {
                throw file.Error(position, $"top-level data type {tag.Type}; expected miMATRIX ({MiMatrix}) or miCOMPRESSED ({MiCompressed})");
            }
            if (!variables.TryAdd(array.Name, array)) throw file.Error(position, $"a second variable named '{array.Name}'");
            position = tag.Next;
        }
        return new MatFile(path, variables);
    }

    /// <summary>The strings of a cell array of char arrays, in MATLAB's linear (column-major) order.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var array = Get(name);
        if (array is not MatCell cell) throw Error(array, $"variable '{name}' is a {array.Kind}; expected a cell array of strings");
        var strings = new string[cell.Cells.Length];
        for (int i = 0; i < strings.Length; i++)
        {
            strings[i] = cell.Cells[i] is MatChar text
                ? text.Text
                : throw Error(cell.Cells[i], $"cell {i + 1} of '{name}' is a {cell.Cells[i].Kind}; expected a char array");
        }
        return strings;
    }

    /// <summary>The values of a real numeric array as float64, in linear (column-major) order.</summary>
    public double[] Numbers(string name)
    {
        var array = Get(name);
        return array is MatNumeric numeric ? numeric.Values : throw Error(array, $"variable '{name}' is a {array.Kind}; expected a numeric array");
    }

    private MatArray Get(string name) =>
        variables.TryGetValue(name, out var array)
            ? array
            : throw new InvalidDataException($"MAT-file '{Path}': no variable '{name}' (it has: {string.Join(", ", variables.Keys)}).");

    private InvalidDataException Error(MatArray array, string message) => new($"MAT-file '{Path}', {array.Location}: {message}.");

    /// <summary>An element tag: its data type, where its data starts, its byte count and where the next element starts.</summary>
    private readonly record struct ElementTag(int Type, int Start, int Length, int Next);

    /// <summary>A byte buffer being parsed: the file itself, or the data decompressed from one of its elements.</summary>
    private sealed record Buffer(byte[] Bytes, string Path, bool BigEndian, int? Inner)
    {
        public string Where(int offset) => Inner is int outer
            ? string.Create(CultureInfo.InvariantCulture, $"byte {offset} of the data decompressed from the element at byte {outer}")
            : string.Create(CultureInfo.InvariantCulture, $"byte {offset}");

        public InvalidDataException Error(int offset, string message) => new($"MAT-file '{Path}', {Where(offset)}: {message}.");

        public int UInt16(int offset) => BigEndian
            ? BinaryPrimitives.ReadUInt16BigEndian(Bytes.AsSpan(offset))
            : BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(offset));

        public uint UInt32(int offset) => BigEndian
            ? BinaryPrimitives.ReadUInt32BigEndian(Bytes.AsSpan(offset))
            : BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(offset));

        public ElementTag Tag(int position, int end = -1)
        {
            if (end < 0) end = Bytes.Length;
            if (end - position < 8) throw Error(position, "truncated: an element tag needs 8 bytes");
            uint first = UInt32(position);
            if (first >> 16 != 0)
            {
                int smallLength = (int)(first >> 16);
                if (smallLength > 4) throw Error(position, $"a small data element claims {smallLength} bytes (at most 4)");
                return new ElementTag((int)(first & 0xFFFF), position + 4, smallLength, position + 8);
            }
            uint length = UInt32(position + 4);
            long start = position + 8L;
            if (length > end - start) throw Error(position, $"truncated: the element claims {length} bytes but {end - start} remain");
            int type = (int)first;
            // Compressed elements are not padded; every other element is padded to a multiple of 8 bytes.
            long next = type == MiCompressed ? start + length : Math.Min(start + ((length + 7L) & ~7L), end);
            return new ElementTag(type, (int)start, (int)length, (int)next);
        }

        public Buffer Decompress(ElementTag tag)
        {
            int at = tag.Start - 8;
            try
            {
                using var input = new MemoryStream(Bytes, tag.Start, tag.Length, writable: false);
                using var zlib = new ZLibStream(input, CompressionMode.Decompress);
                using var output = new MemoryStream();
                zlib.CopyTo(output);
                return new Buffer(output.ToArray(), Path, BigEndian, at);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"MAT-file '{Path}', byte {at}: the compressed element is not a valid zlib stream ({e.Message}).", e);
            }
        }

        public MatArray Matrix(ElementTag tag)
        {
            int at = tag.Start - 8, end = tag.Start + tag.Length;
            string location = Where(at);
            if (tag.Length == 0) return new MatNumeric("", [0, 0], location, []);   // MATLAB's empty-array shorthand

            var flags = Tag(tag.Start, end);
            if (flags.Type != MiUInt32 || flags.Length != 8) throw Error(flags.Start - 8, $"array flags must be miUINT32 ×2; got type {flags.Type}, {flags.Length} bytes");
            uint flagWord = UInt32(flags.Start);
            int arrayClass = (int)(flagWord & 0xFF);
            bool complex = ((flagWord >> 8) & ComplexFlag) != 0;

            var dimsTag = Tag(flags.Next, end);
            if (dimsTag.Type != MiInt32 || dimsTag.Length < 8 || dimsTag.Length % 4 != 0)
                throw Error(dimsTag.Start - 8, $"dimensions must be ≥ 2 miINT32 values; got type {dimsTag.Type}, {dimsTag.Length} bytes");
            var dims = new int[dimsTag.Length / 4];
            long count = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                dims[i] = (int)UInt32(dimsTag.Start + 4 * i);
                if (dims[i] < 0) throw Error(dimsTag.Start, $"negative dimension {dims[i]}");
                count *= dims[i];
            }
            if (count > int.MaxValue) throw Error(dimsTag.Start, $"{count} elements is too many");

            var nameTag = Tag(dimsTag.Next, end);
            if (nameTag.Type is not (MiInt8 or MiUInt8)) throw Error(nameTag.Start - 8, $"the array name must be miINT8; got type {nameTag.Type}");
            string name = Encoding.ASCII.GetString(Bytes, nameTag.Start, nameTag.Length);

            if (complex) throw Error(at, $"'{name}' is a complex array; only real arrays are supported");
            if (arrayClass == MxCell)
            {
                var cells = new MatArray[count];
                int position = nameTag.Next;
                for (int i = 0; i < cells.Length; i++)
                {
                    var cellTag = Tag(position, end);
                    if (cellTag.Type != MiMatrix) throw Error(position, $"cell {i + 1} of '{name}' has data type {cellTag.Type}; expected miMATRIX ({MiMatrix})");
                    cells[i] = Matrix(cellTag);
                    position = cellTag.Next;
                }
                return new MatCell(name, dims, location, cells);
            }
            if (arrayClass == MxChar)
            {
                string text = count == 0 && nameTag.Next >= end ? "" : Characters(Tag(nameTag.Next, end), name);
                if (text.Length != count) throw Error(at, $"char array '{name}' has {text.Length} characters for dimensions {string.Join('×', dims)}");
                if (count > 0 && dims.Length == 2 && dims[0] > 1 && dims[1] > 1)
                    throw Error(at, $"char array '{name}' has {dims[0]} rows; only single strings (1×N) are supported");
                return new MatChar(name, dims, location, text);
            }
            if (arrayClass is >= MxDouble and <= MxUInt64)
            {
                double[] values = count == 0 && nameTag.Next >= end ? [] : Numeric(Tag(nameTag.Next, end), name);
                if (values.Length != count) throw Error(at, $"numeric array '{name}' has {values.Length} values for dimensions {string.Join('×', dims)}");
                return new MatNumeric(name, dims, location, values);
            }
            throw Error(at, $"'{name}' has array class {arrayClass}; only cell (1), char (4) and numeric (6–15) arrays are supported");
        }

        private string Characters(ElementTag tag, string name)
        {
            var data = Bytes.AsSpan(tag.Start, tag.Length);
            switch (tag.Type)
            {
                case MiUInt8 or MiInt8:
                    return Encoding.Latin1.GetString(data);
                case MiUtf8:
                    return Encoding.UTF8.GetString(data);
                case MiUInt16 or MiUtf16:
                    if (data.Length % 2 != 0) throw Error(tag.Start - 8, $"char array '{name}' has an odd byte count {data.Length} for 16-bit characters");
                    return (BigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(data);
                default:
                    throw Error(tag.Start - 8, $"char array '{name}' is stored as data type {tag.Type}; expected miUINT8, miUTF8, miUINT16 or miUTF16");
            }
        }

        private double[] Numeric(ElementTag tag, string name)
        {
            int size = tag.Type switch
            {
                MiInt8 or MiUInt8 => 1,
                MiInt16 or MiUInt16 => 2,
                MiInt32 or MiUInt32 or MiSingle => 4,
                MiDouble or MiInt64 or MiUInt64 => 8,
                _ => throw Error(tag.Start - 8, $"numeric array '{name}' is stored as data type {tag.Type}, which is not numeric"),
            };
            if (tag.Length % size != 0) throw Error(tag.Start - 8, $"numeric array '{name}' has {tag.Length} bytes, not a multiple of {size}");
            var values = new double[tag.Length / size];
            var data = Bytes.AsSpan(tag.Start, tag.Length);
            for (int i = 0; i < values.Length; i++)
            {
                var v = data.Slice(i * size, size);
                values[i] = tag.Type switch
                {
                    MiInt8 => (sbyte)v[0],
                    MiUInt8 => v[0],
                    MiInt16 => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v),
                    MiUInt16 => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v),
                    MiInt32 => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v),
                    MiUInt32 => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v),
                    MiSingle => BigEndian ? BinaryPrimitives.ReadSingleBigEndian(v) : BinaryPrimitives.ReadSingleLittleEndian(v),
                    MiDouble => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(v) : BinaryPrimitives.ReadDoubleLittleEndian(v),
                    MiInt64 => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(v) : BinaryPrimitives.ReadInt64LittleEndian(v),
                    _ => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v),
                };
            }
            return values;
        }
    }
}

/// <summary>A parsed MATLAB array: its name, dimensions and where it was read (for messages).</summary>
internal abstract record MatArray(string Name, int[] Dims, string Location)
{
    /// <summary>"cell array", "char array" or "numeric array".</summary>
    public abstract string Kind { get; }
}

/// <summary>A cell array; cells in linear (column-major) order.</summary>
internal sealed record MatCell(string Name, int[] Dims, string Location, MatArray[] Cells) : MatArray(Name, Dims, Location)
{
    public override string Kind => "cell array";
}

/// <summary>A char array holding one string.</summary>
internal sealed record MatChar(string Name, int[] Dims, string Location, string Text) : MatArray(Name, Dims, Location)
{
    public override string Kind => "char array";
}

/// <summary>A real numeric array of any class, widened to float64.</summary>
internal sealed record MatNumeric(string Name, int[] Dims, string Location, double[] Values) : MatArray(Name, Dims, Location)
{
    public override string Kind => "numeric array";
}
