using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Reads the float initializers (the weights) of an ONNX model file with a minimal protobuf decoder: no ONNX or
/// protobuf library, no graph evaluation. Field numbers from onnx.proto (notes/pretrained.md): ModelProto.graph = 7,
/// GraphProto.initializer = 5, TensorProto dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9,
/// data_location = 14. Packed and unpacked repeated fields are both accepted.
/// </summary>
internal static class OnnxInitializerReader
{
    private const int ModelGraph = 7, GraphInitializer = 5;
    private const int TensorDims = 1, TensorDataType = 2, TensorFloatData = 4, TensorName = 8, TensorRawData = 9, TensorDataLocation = 14;
    private const int OnnxFloat = 1, ExternalData = 1;
    private const int WireVarint = 0, WireFixed64 = 1, WireLength = 2, WireFixed32 = 5;

    /// <summary>Every initializer of <paramref name="path"/> by name; errors are <see cref="InvalidDataException"/> naming the file.</summary>
    /// <param name="path">The .onnx file.</param>
    public static Dictionary<string, OnnxTensor> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            var result = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
            bool sawGraph = false;
            foreach (var (field, graph) in LengthDelimited(bytes, 0, bytes.Length))
            {
                if (field != ModelGraph) continue;
                sawGraph = true;
                foreach (var (graphField, tensor) in LengthDelimited(bytes, graph.Start, graph.End))
                {
                    if (graphField != GraphInitializer) continue;
                    var t = ReadTensor(bytes, tensor.Start, tensor.End);
                    if (!result.TryAdd(t.Name, t))
                        throw new InvalidDataException($"initializer '{t.Name}' appears twice.");
                }
            }
            if (!sawGraph) throw new InvalidDataException("no graph (ModelProto field 7); this is not an ONNX model.");
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"ONNX file '{path}' could not be read: {e.Message}", e);
        }
    }

    private static OnnxTensor ReadTensor(byte[] b, int start, int end)
    {
        var dims = new List<long>();
        string name = "";
        int dataType = 0, location = 0;
        float[]? data = null;
        List<float>? unpacked = null;
        int pos = start;
        while (pos < end)
        {
            var (field, wire) = Key(b, ref pos);
            switch (field, wire)
            {
                case (TensorDims, WireVarint):
                    dims.Add((long)Varint(b, ref pos));
                    break;
                case (TensorDims, WireLength):
                    for (int e = Length(b, ref pos, end); pos < e;) dims.Add((long)Varint(b, ref pos));
                    break;
                case (TensorDataType, WireVarint):
                    dataType = checked((int)Varint(b, ref pos));
                    break;
                case (TensorDataLocation, WireVarint):
                    location = checked((int)Varint(b, ref pos));
                    break;
                case (TensorName, WireLength):
                {
                    int e = Length(b, ref pos, end);
                    name = Encoding.UTF8.GetString(b, pos, e - pos);
                    pos = e;
                    break;
                }
                case (TensorFloatData or TensorRawData, WireLength):
                {
                    int e = Length(b, ref pos, end);
                    if ((e - pos) % sizeof(float) != 0) throw new InvalidDataException($"tensor '{name}': {e - pos} data bytes is not a whole number of floats.");
                    data = new float[(e - pos) / sizeof(float)];
                    if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX tensor data is little-endian; this machine is not.");
                    Buffer.BlockCopy(b, pos, data, 0, e - pos);
                    pos = e;
                    break;
                }
                case (TensorFloatData, WireFixed32):
                {
                    // Unpacked repeated float: one key per value.
                    (unpacked ??= []).Add(BitConverter.ToSingle(b, pos));
                    pos += 4;
                    break;
                }
                default:
                    Skip(b, ref pos, wire, end);
                    break;
            }
        }
        if (pos != end) throw new InvalidDataException($"tensor '{name}' overruns its message.");
        if (location == ExternalData) throw new InvalidDataException($"tensor '{name}' keeps its data in an external file, which is not supported.");
        if (dataType != OnnxFloat) throw new InvalidDataException($"tensor '{name}' has ONNX data type {dataType}; only FLOAT (1) is supported.");
        long count = 1;
        foreach (long d in dims) count = checked(count * d);
        data ??= unpacked?.ToArray() ?? [];
        if (data.Length != count)
            throw new InvalidDataException($"tensor '{name}' has dims [{string.Join(", ", dims)}] ({count} values) but {data.Length} values.");
        return new OnnxTensor(name, dims.ToArray(), data);
    }

    /// <summary>The length-delimited fields of the message in [start, end), as (field number, [start, end) of the payload).</summary>
    private static IEnumerable<(int Field, (int Start, int End) Range)> LengthDelimited(byte[] b, int start, int end)
    {
        int pos = start;
        while (pos < end)
        {
            var (field, wire) = Key(b, ref pos);
            if (wire == WireLength)
            {
                int e = Length(b, ref pos, end);
                yield return (field, (pos, e));
                pos = e;
            }
            else
            {
                Skip(b, ref pos, wire, end);
            }
        }
        if (pos != end) throw new InvalidDataException($"a message overruns its bounds at byte {pos}.");
    }

    private static (int Field, int Wire) Key(byte[] b, ref int pos)
    {
        ulong key = Varint(b, ref pos);
        return (checked((int)(key >> 3)), (int)(key & 7));
    }

    private static int Length(byte[] b, ref int pos, int end)
    {
        ulong length = Varint(b, ref pos);
        if (length > (ulong)(end - pos)) throw new InvalidDataException($"a field of {length} bytes at byte {pos} runs past its message.");
        return pos + (int)length;
    }

    private static void Skip(byte[] b, ref int pos, int wire, int end)
    {
        switch (wire)
        {
            case WireVarint: Varint(b, ref pos); break;
            case WireFixed64: pos += 8; break;
            case WireLength: pos = Length(b, ref pos, end); break;
            case WireFixed32: pos += 4; break;
            default: throw new InvalidDataException($"unsupported protobuf wire type {wire} at byte {pos}.");
        }
        if (pos > end) throw new InvalidDataException($"a field runs past its message at byte {pos}.");
    }

    private static ulong Varint(byte[] b, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = b[pos++];
            value |= (ulong)(next & 0x7f) << shift;
            if ((next & 0x80) == 0) return value;
        }
        throw new InvalidDataException($"a varint longer than 10 bytes ends at byte {pos}.");
    }
}
