using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML;
using Rfga.MLNet.MLNet;

namespace Rfga.MLNet.Samples.IO;

/// <summary>
/// A model zip loaded for scoring, with a display name and the parts figures need (the classifier, the box τ).
/// Dispose it: the network holds native memory.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private LoadedModel(string name, string path, ITransformer transformer)
    {
        Name = name;
        Path = path;
        Transformer = transformer;
        Visit(transformer);
    }

    /// <summary>Display name (the NAME of NAME=PATH, else the file name without extension).</summary>
    public string Name { get; }

    /// <summary>The zip's full path.</summary>
    public string Path { get; }

    /// <summary>The whole loaded chain.</summary>
    public ITransformer Transformer { get; }

    /// <summary>The trained network's transformer, or null when the chain has none.</summary>
    public RfgaClassifierTransformer? Classifier { get; private set; }

    /// <summary>The τ of the chain's box deriver, or null when it has none.</summary>
    public double? Tau { get; private set; }

    /// <summary>
    /// Loads "[NAME=]PATH". A missing file is a <see cref="FileNotFoundException"/>, anything ML.NET cannot load an
    /// <see cref="InvalidDataException"/>, both naming the file.
    /// </summary>
    public static LoadedModel Load(MLContext ml, string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int eq = spec.IndexOf('=');
        string path = eq > 0 && !File.Exists(spec) ? spec[(eq + 1)..] : spec;
        string name = eq > 0 && !File.Exists(spec) ? spec[..eq] : System.IO.Path.GetFileNameWithoutExtension(spec);
        if (!File.Exists(path)) throw new FileNotFoundException($"Model not found: '{path}'.", path);
        ITransformer transformer;
        try
        {
            transformer = ml.Model.Load(path, out _);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a loadable model zip ({e.Message.Split('\n')[0].Trim()}).", e);
        }
        return new LoadedModel(name, System.IO.Path.GetFullPath(path), transformer);
    }

    /// <summary>The classifier, or an error naming the file when the chain has none.</summary>
    public RfgaClassifierTransformer RequireClassifier() => Classifier
        ?? throw new InvalidDataException($"'{Path}' holds no RFGA classifier (a model written by 'rfga train' does).");

    private void Visit(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
            foreach (var t in chain) Visit(t);
        if (transformer is RfgaClassifierTransformer c) Classifier ??= c;
        if (transformer is BoxDeriverTransformer b) Tau ??= b.Tau;
    }

    /// <summary>Disposes every disposable transformer of the chain.</summary>
    public void Dispose() => Demo.DemoRunner.DisposeAll(Transformer);
}
