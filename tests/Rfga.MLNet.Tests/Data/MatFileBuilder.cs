using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace Rfga.MLNet.Tests.Data;

/// <summary>
/// Writes MATLAB Level 5 MAT-files byte by byte from the format's documentation (MathWorks, "MAT-File Format",
/// chapter 1), independently of the reader: a 128-byte header (116 bytes text, 8 bytes subsystem offset,
/// int16 version 0x0100, int16 'MI' endian indicator), then data elements (8-byte tag = uint32 type + uint32
/// byte count, data padded to 8 bytes; or the 4-byte small-element tag for ≤ 4 bytes), miMATRIX =
/// array flags + dimensions + name + data, miCOMPRESSED = zlib stream of one element, not padded.
/// </summary>
internal sealed class MatFileBuilder
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiDouble = 9,
        MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17;
    public const int MxCell = 1, MxStruct = 2, MxChar = 4, MxDouble = 6;

    private readonly bool bigEndian;
    private readonly List<byte[]> elements = new();

    public MatFileBuilder(bool bigEndian = false) => this.bigEndian = bigEndian;

    public MatFileBuilder Add(byte[] topLevelElement)
    {
        elements.Add(topLevelElement);
        return this;
    }

    /// <summary>An N×1 cell of 1×L char arrays, characters stored as <paramref name="charType"/>.</summary>
    public MatFileBuilder CellOfStrings(string name, IReadOnlyList<string> values, int charType, bool compressed)
    {
        var cells = values.Select(v => Matrix(MxChar, [1, v.Length], "", Chars(v, charType))).ToArray();
        var matrix = Matrix(MxCell, [values.Count, 1], name, cells);
        return Add(compressed ? Compressed(matrix) : matrix);
    }

    /// <summary>An N×1 double array whose values are stored as <paramref name="storage"/> (MATLAB stores small integers as miUINT8).</summary>
    public MatFileBuilder Doubles(string name, IReadOnlyList<double> values, int storage, bool compressed)
    {
        var matrix = Matrix(MxDouble, [values.Count, 1], name, Numeric(values, storage));
        return Add(compressed ? Compressed(matrix) : matrix);
    }

    public byte[] Build(string text = "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024", int version = 0x0100, string? endian = null)
    {
        var header = new byte[128];
        Array.Fill(header, (byte)' ', 0, 116);
        Encoding.ASCII.GetBytes(text).CopyTo(header, 0);
        // Bytes 116..123: subsystem data offset, zero here.
        U16(version).CopyTo(header, 124);
        if (endian is null) U16(('M' << 8) | 'I').CopyTo(header, 126);     // "MI" as an int16: reads "IM" little-endian
        else Encoding.ASCII.GetBytes(endian).CopyTo(header, 126);
        return header.Concat(elements.SelectMany(e => e)).ToArray();
    }

    public byte[] U16(int value)
    {
        var b = new byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        return b;
    }

    public byte[] U32(uint value)
    {
        var b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    /// <summary>A data element: the small format when asked and the data fit in 4 bytes, else tag + data + padding to 8.</summary>
    public byte[] Element(int type, byte[] data, bool small = false)
    {
        if (small)
        {
            if (data.Length > 4) throw new ArgumentException("small elements hold at most 4 bytes");
            var tag = U32((uint)(data.Length << 16 | type));
            return tag.Concat(data).Concat(new byte[4 - data.Length]).ToArray();
        }
        int padded = (data.Length + 7) / 8 * 8;
        return U32((uint)type).Concat(U32((uint)data.Length)).Concat(data).Concat(new byte[padded - data.Length]).ToArray();
    }

    /// <summary>miMATRIX: flags (class, flag bits), dimensions, name (small element when ≤ 4 bytes), then the data elements.</summary>
    public byte[] Matrix(int arrayClass, int[] dims, string name, params byte[][] data) => Matrix(arrayClass, 0, dims, name, data);

    public byte[] Matrix(int arrayClass, int flagBits, int[] dims, string name, params byte[][] data)
    {
        var flags = Element(MiUInt32, U32((uint)(arrayClass | flagBits << 8)).Concat(U32(0)).ToArray());
        var dimensions = Element(MiInt32, dims.SelectMany(d => U32((uint)d)).ToArray());
        var nameBytes = Encoding.ASCII.GetBytes(name);
        var nameElement = Element(MiInt8, nameBytes, small: nameBytes.Length <= 4);
        var body = flags.Concat(dimensions).Concat(nameElement).Concat(data.SelectMany(d => d)).ToArray();
        return Element(MiMatrix, body);
    }

    public byte[] Chars(string value, int type) => type switch
    {
        MiUInt8 => Element(type, Encoding.Latin1.GetBytes(value)),
        MiUtf8 => Element(type, Encoding.UTF8.GetBytes(value)),
        MiUInt16 or MiUtf16 => Element(type, value.SelectMany(c => U16(c)).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public byte[] Numeric(IReadOnlyList<double> values, int type) => type switch
    {
        MiUInt8 => Element(type, values.Select(v => (byte)v).ToArray()),
        MiInt32 => Element(type, values.SelectMany(v => U32((uint)(int)v)).ToArray()),
        MiDouble => Element(type, values.SelectMany(v =>
        {
            var b = new byte[8];
            if (bigEndian) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v);
            return b;
        }).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>miCOMPRESSED: tag with the zlib stream's length, then the stream, not padded.</summary>
    public byte[] Compressed(byte[] element)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(element);
        var stream = output.ToArray();
        return U32(MiCompressed).Concat(U32((uint)stream.Length)).Concat(stream).ToArray();
    }
}
