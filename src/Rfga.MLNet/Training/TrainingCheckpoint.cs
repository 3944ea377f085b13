using System;
using System.Collections.Generic;
using System.IO;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Training;

/// <summary>
/// The complete state of an interrupted training run, so that resuming gives the same weights as an
/// uninterrupted run: position, random stream, epoch order, network weights and buffers, momentum buffers.
/// </summary>
internal sealed class TrainingCheckpoint
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "RFGACKPT";
    private const int FormatVersion = 1;

    public required string Fingerprint { get; init; }
    public required int Epoch { get; init; }
    public required int BatchesDone { get; init; }
    public required ulong RandomState { get; init; }
    public required int[] Order { get; init; }
    public required double EpochLossSum { get; init; }
    public required List<double> EpochLosses { get; init; }
    public required int StepsDone { get; init; }
    public required long ImagesSeen { get; init; }

    // *** Binary format (version 1) ***
    // 8 bytes "RFGACKPT", int version, string fingerprint, int epoch, int batches done, ulong random state,
    // int n + n × int order, double epoch loss sum, int m + m × double epoch losses, int steps, long images,
    // network state dict (Module.save), optimizer state (SgdOptimizer.Save).
    public void Write(string folder, WsolNetwork network, SgdOptimizer optimizer)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName), tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Magic.ToCharArray());
            w.Write(FormatVersion);
            w.Write(Fingerprint);
            w.Write(Epoch);
            w.Write(BatchesDone);
            w.Write(RandomState);
            w.Write(Order.Length);
            foreach (int i in Order) w.Write(i);
            w.Write(EpochLossSum);
            w.Write(EpochLosses.Count);
            foreach (double l in EpochLosses) w.Write(l);
            w.Write(StepsDone);
            w.Write(ImagesSeen);
            network.save(w);
            optimizer.Save(w);
            w.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads the checkpoint in <paramref name="folder"/>, or null if there is none; refuses one of another configuration.</summary>
    public static TrainingCheckpoint? TryRead(string folder, string fingerprint, WsolNetwork network, SgdOptimizer optimizer, int sampleCount)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            using var r = new BinaryReader(stream);
            if (new string(r.ReadChars(Magic.Length)) != Magic) throw new InvalidDataException("not an Rfga.MLNet training checkpoint");
            int version = r.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"checkpoint format {version} is not supported (this version reads {FormatVersion})");
            string saved = r.ReadString();
            if (saved != fingerprint)
                throw new InvalidOperationException(
                    $"The checkpoint in '{folder}' was written by another training configuration; refusing to resume from it. " +
                    $"Saved: {saved}. Now: {fingerprint}. Use another checkpoint folder or delete it.");
            int epoch = r.ReadInt32(), batches = r.ReadInt32();
            ulong state = r.ReadUInt64();
            var order = new int[r.ReadInt32()];
            if (order.Length != sampleCount)
                throw new InvalidOperationException($"The checkpoint in '{folder}' is for {order.Length} training samples; the data has {sampleCount}.");
            for (int i = 0; i < order.Length; i++) order[i] = r.ReadInt32();
            double lossSum = r.ReadDouble();
            var losses = new List<double>();
            for (int i = r.ReadInt32(); i > 0; i--) losses.Add(r.ReadDouble());
            int steps = r.ReadInt32();
            long images = r.ReadInt64();
            network.load(r);
            optimizer.Load(r);
            return new TrainingCheckpoint
            {
                Fingerprint = saved, Epoch = epoch, BatchesDone = batches, RandomState = state, Order = order,
                EpochLossSum = lossSum, EpochLosses = losses, StepsDone = steps, ImagesSeen = images,
            };
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The checkpoint '{path}' is truncated.", e);
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The checkpoint '{path}' is unreadable: {e.Message}", e);
        }
    }
}
