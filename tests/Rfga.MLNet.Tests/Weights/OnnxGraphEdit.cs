using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Rfga.MLNet.Tests.Weights;

/// <summary>
/// Rewrites an ONNX model's graph inputs and outputs at the protobuf level so ONNX Runtime can run it on another input
/// size and report an intermediate tensor: the graph's input gets the shape [1, 3, side, side], its outputs become the
/// given names with no declared shape, and value_info (shapes inferred at 224) is dropped. Everything else is copied
/// byte for byte. Field numbers from onnx.proto: ModelProto.graph 7; GraphProto node 1, input 11, output 12,
/// value_info 13; NodeProto input 1, output 2, op_type 4; ValueInfoProto name 1, type 2; TypeProto tensor_type 1;
/// Tensor elem_type 1, shape 2; TensorShapeProto dim 1; Dimension dim_value 1.
/// </summary>
internal static class OnnxGraphEdit
{
    /// <summary>The graph with input <paramref name="inputName"/> of side <paramref name="side"/> and <paramref name="outputs"/> as outputs.</summary>
    public static byte[] WithInputSideAndOutputs(byte[] model, string inputName, int side, IReadOnlyList<string> outputs)
    {
        var result = new MemoryStream();
        foreach (var (field, wire, payload) in Fields(model))
        {
            if (field != 7) { WriteRaw(result, field, wire, payload); continue; }
            var graph = new MemoryStream();
            foreach (var (gField, gWire, gPayload) in Fields(payload))
            {
                if (gField is 11 or 12 or 13) continue;
                WriteRaw(graph, gField, gWire, gPayload);
            }
            WriteBytes(graph, 11, ValueInfo(inputName, [1, 3, side, side]));
            foreach (string name in outputs) WriteBytes(graph, 12, ValueInfo(name, null));
            WriteBytes(result, 7, graph.ToArray());
        }
        return result.ToArray();
    }

    /// <summary>The first input of the first node whose op_type is <paramref name="opType"/>.</summary>
    public static string FirstInputOf(byte[] model, string opType)
    {
        foreach (var (field, _, graph) in Fields(model))
        {
            if (field != 7) continue;
            foreach (var (gField, _, node) in Fields(graph))
            {
                if (gField != 1) continue;
                string? op = null, firstInput = null;
                foreach (var (nField, _, value) in Fields(node))
                {
                    if (nField == 4) op = Encoding.UTF8.GetString(value);
                    if (nField == 1) firstInput ??= Encoding.UTF8.GetString(value);
                }
                if (op == opType && firstInput is not null) return firstInput;
            }
        }
        throw new InvalidDataException($"no {opType} node.");
    }

    private static byte[] ValueInfo(string name, long[]? dims)
    {
        var tensor = new MemoryStream();
        WriteVarintField(tensor, 1, 1);   // elem_type FLOAT
        if (dims is not null)
        {
            var shape = new MemoryStream();
            foreach (long d in dims)
            {
                var dim = new MemoryStream();
                WriteVarintField(dim, 1, (ulong)d);
                WriteBytes(shape, 1, dim.ToArray());
            }
            WriteBytes(tensor, 2, shape.ToArray());
        }
        var type = new MemoryStream();
        WriteBytes(type, 1, tensor.ToArray());
        var info = new MemoryStream();
        WriteBytes(info, 1, Encoding.UTF8.GetBytes(name));
        WriteBytes(info, 2, type.ToArray());
        return info.ToArray();
    }

    /// <summary>Each field of a message: number, wire type and payload (for varints and fixed fields, their raw bytes).</summary>
    private static IEnumerable<(int Field, int Wire, byte[] Payload)> Fields(byte[] b)
    {
        int pos = 0;
        while (pos < b.Length)
        {
            ulong key = Varint(b, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            int start = pos;
            switch (wire)
            {
                case 0: Varint(b, ref pos); break;
                case 1: pos += 8; break;
                case 2:
                {
                    int length = (int)Varint(b, ref pos);
                    start = pos;
                    pos += length;
                    break;
                }
                case 5: pos += 4; break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
            yield return (field, wire, b[start..pos]);
        }
    }

    private static void WriteRaw(Stream s, int field, int wire, byte[] payload)
    {
        WriteVarint(s, ((ulong)field << 3) | (uint)wire);
        if (wire == 2) WriteVarint(s, (ulong)payload.Length);
        s.Write(payload);
    }

    private static void WriteBytes(Stream s, int field, byte[] payload) => WriteRaw(s, field, 2, payload);

    private static void WriteVarintField(Stream s, int field, ulong value)
    {
        WriteVarint(s, (ulong)field << 3);
        WriteVarint(s, value);
    }

    private static void WriteVarint(Stream s, ulong value)
    {
        while (value >= 0x80)
        {
            s.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        s.WriteByte((byte)value);
    }

    private static ulong Varint(byte[] b, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte next = b[pos++];
            value |= (ulong)(next & 0x7f) << shift;
            if ((next & 0x80) == 0) return value;
        }
    }
}
