using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rfga.MLNet.Data;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Rfga.MLNet.Weights;

/// <summary>
/// Reads and writes state dicts (name → tensor) in PyTorch's zip format and safetensors (through TorchSharp.PyBridge)
/// and in TorchSharp's own <c>Module.save</c> format. Reading detects the format from the content; errors are
/// <see cref="InvalidDataException"/> naming the file. The caller owns (disposes) the tensors it gets.
/// </summary>
internal static class StateDictFile
{
    /// <summary>Keys under which training scripts commonly nest the model's state dict in a checkpoint.</summary>
    private static readonly string[] NestedStateDictKeys = ["state_dict", "model", "model_state_dict", "net"];

    /// <summary>The prefix <c>torch.nn.DataParallel</c> adds to every key.</summary>
    private const string DataParallelPrefix = "module.";

    /// <summary>The format to write <paramref name="path"/> in, from its extension (.pth/.pt/.bin, .safetensors, .dat).</summary>
    public static WeightsFormat FormatForExtension(string path)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".pth" or ".pt" or ".bin" => WeightsFormat.PyTorch,
            ".safetensors" => WeightsFormat.Safetensors,
            ".dat" => WeightsFormat.TorchSharp,
            _ => throw new ArgumentException($"'{path}': cannot tell the weights format from the extension '{ext}'; use .pth, .pt, .safetensors or .dat, or name the format.", nameof(path)),
        };
    }

    /// <summary>The format of the existing file <paramref name="path"/>, from its first bytes.</summary>
    public static WeightsFormat DetectFormat(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: '{path}'.", path);
        Span<byte> head = stackalloc byte[9];
        long length;
        using (var stream = File.OpenRead(path))
        {
            length = stream.Length;
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }
        if (head.Length == 0) throw new InvalidDataException($"Weights file '{path}' is empty (0 bytes).");
        if (head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4b && head[2] == 0x03 && head[3] == 0x04) return WeightsFormat.PyTorch;
        if (head.Length >= 2 && head[0] == 0x80 && head[1] <= 5)
            throw new InvalidDataException($"Weights file '{path}' is in PyTorch's legacy (before 1.6) pickle format, which cannot be read here. " +
                "Re-save it in Python: torch.save(torch.load(old_path, map_location='cpu'), new_path).");
        if (head.Length == 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head[..8]) is var header && header > 1 && header <= (ulong)(length - 8))
            return WeightsFormat.Safetensors;
        if (string.Equals(Path.GetExtension(path), ".dat", StringComparison.OrdinalIgnoreCase)) return WeightsFormat.TorchSharp;
        throw new InvalidDataException($"Weights file '{path}' is neither a PyTorch zip (.pth), a safetensors file, nor a TorchSharp .dat file.");
    }

    /// <summary>
    /// Every tensor of <paramref name="path"/> by key, on the CPU. A PyTorch checkpoint that nests its state dict
    /// under "state_dict", "model", "model_state_dict" or "net" is unwrapped, and a <c>module.</c> prefix on every key
    /// (DataParallel) is removed.
    /// </summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var format = DetectFormat(path);
        try
        {
            return format switch
            {
                WeightsFormat.PyTorch => StripDataParallel(FromPickle(PyTorchUnpickler.UnpickleStateDict(path))),
                WeightsFormat.Safetensors => StripDataParallel(Safetensors.LoadStateDict(path)),
                _ => ReadTorchSharp(path),
            };
        }
        catch (Exception e) when (e is InvalidDataException or NotImplementedException or NotSupportedException or InvalidCastException
                                      or EndOfStreamException or System.Text.Json.JsonException or ArgumentException or KeyNotFoundException
                                      or InvalidOperationException)
        {
            throw new InvalidDataException($"Weights file '{path}' ({format}) could not be read: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="stateDict"/> to <paramref name="path"/> atomically in <paramref name="format"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> stateDict, WeightsFormat format)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "allowed: PyTorch, Safetensors, TorchSharp");
        using var scope = NewDisposeScope();
        // PyBridge reads the bytes of each tensor: give it contiguous CPU copies, in the caller's key order.
        var plain = new Dictionary<string, Tensor>();
        foreach (var (key, value) in stateDict) plain.Add(key, value.detach().cpu().contiguous());
        AtomicFile.Write(path, stream =>
        {
            switch (format)
            {
                case WeightsFormat.PyTorch:
                    PyTorchPickler.PickleStateDict(stream, plain, leaveOpen: true);
                    break;
                case WeightsFormat.Safetensors:
                    Safetensors.SaveStateDict(stream, plain, leaveOpen: true);
                    break;
                default:
                    using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                    {
                        WriteLeb128(writer, plain.Count);
                        foreach (var (key, value) in plain)
                        {
                            writer.Write(key);
                            value.Save(writer);
                        }
                    }
                    break;
            }
        });
    }

    /// <summary>Disposes every tensor of <paramref name="stateDict"/>.</summary>
    public static void DisposeAll(Dictionary<string, Tensor> stateDict)
    {
        foreach (var t in stateDict.Values) t.Dispose();
        stateDict.Clear();
    }

    private static Dictionary<string, Tensor> FromPickle(Hashtable table)
    {
        if (!table.Values.OfType<Tensor>().Any())
        {
            foreach (string key in NestedStateDictKeys)
                if (table[key] is Hashtable nested && nested.Values.OfType<Tensor>().Any()) return FromPickle(nested);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
            if (entry.Key is string key && entry.Value is Tensor t) result.Add(key, t);
        if (result.Count == 0)
            throw new InvalidDataException($"it holds no tensors at its top level nor under {string.Join(", ", NestedStateDictKeys)}.");
        return result;
    }

    private static Dictionary<string, Tensor> StripDataParallel(Dictionary<string, Tensor> stateDict)
    {
        if (stateDict.Count == 0 || !stateDict.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal))) return stateDict;
        return stateDict.ToDictionary(kv => kv.Key[DataParallelPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>TorchSharp's <c>Module.save</c> layout: LEB128 entry count, then per entry a .NET string key and a tensor.</summary>
    private static Dictionary<string, Tensor> ReadTorchSharp(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        long count = ReadLeb128(reader);
        if (count < 0 || count > stream.Length) throw new InvalidDataException($"the entry count {count} does not fit a {stream.Length}-byte file.");
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            for (long i = 0; i < count; i++)
            {
                string key = reader.ReadString();
                var tensor = TensorExtensionMethods.Load(reader);
                if (!result.TryAdd(key, tensor))
                {
                    tensor.Dispose();
                    throw new InvalidDataException($"key '{key}' appears twice.");
                }
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes follow the last of {count} entries.");
        }
        catch
        {
            DisposeAll(result);
            throw;
        }
        return result;
    }

    /// <summary>Unsigned LEB128, as TorchSharp writes the entry count.</summary>
    private static void WriteLeb128(BinaryWriter writer, long value)
    {
        do
        {
            byte next = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value != 0 ? (byte)(next | 0x80) : next);
        }
        while (value != 0);
    }

    private static long ReadLeb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = reader.ReadByte();
            value |= (long)(next & 0x7f) << shift;
            if ((next & 0x80) == 0) return value;
        }
        throw new InvalidDataException("the entry count is not a valid LEB128 number.");
    }
}
