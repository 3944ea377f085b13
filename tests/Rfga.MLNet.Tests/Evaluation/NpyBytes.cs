using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>Builds .npy files byte by byte as numpy's <c>format.write_array</c> lays them out (for the reader tests).</summary>
internal static class NpyBytes
{
    /// <summary>A file with the given version, descr, shape and values, data in the descr's byte order.</summary>
    public static byte[] Build(double[] values, int[] shape, string descr = "<f8", int major = 1, bool fortran = false, string? header = null)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        header ??= $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int prefix = major == 1 ? 10 : 12;
        // numpy pads with spaces so that the data starts at a multiple of 64, and ends the header with '\n'.
        int total = prefix + header.Length + 1;
        header += new string(' ', (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        byte[] headerBytes = major == 3 ? Encoding.UTF8.GetBytes(header) : Encoding.Latin1.GetBytes(header);
        if (major == 1)
        {
            bytes.Add((byte)(headerBytes.Length & 0xFF));
            bytes.Add((byte)(headerBytes.Length >> 8));
        }
        else
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
            bytes.AddRange(length);
        }

        bytes.AddRange(headerBytes);
        bool big = descr.StartsWith('>');
        foreach (double v in values)
        {
            if (descr.EndsWith("f8", StringComparison.Ordinal))
            {
                var b = new byte[8];
                if (big) BinaryPrimitives.WriteDoubleBigEndian(b, v); else BinaryPrimitives.WriteDoubleLittleEndian(b, v);
                bytes.AddRange(b);
            }
            else if (descr.EndsWith("f4", StringComparison.Ordinal))
            {
                var b = new byte[4];
                if (big) BinaryPrimitives.WriteSingleBigEndian(b, (float)v); else BinaryPrimitives.WriteSingleLittleEndian(b, (float)v);
                bytes.AddRange(b);
            }
            else
            {
                bytes.AddRange(BitConverter.GetBytes((long)v)); // any other 8-byte dtype, for the error tests
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Writes a float32 C-order map [H, W] as numpy 1.0 would (<c>'&lt;f4'</c>).</summary>
    public static void WriteSingle(string path, float[] map, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Build(Array.ConvertAll(map, v => (double)v), [height, width], "<f4"));
    }

    /// <summary>Writes a float64 C-order map [H, W] (<c>'&lt;f8'</c>).</summary>
    public static void WriteDouble(string path, double[] map, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Build(map, [height, width], "<f8"));
    }
}
