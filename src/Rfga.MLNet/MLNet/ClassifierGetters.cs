using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rfga.MLNet.MLNet;

/// <summary>Getters of the classifier's four output columns over a function that yields the current row's result.</summary>
internal static class ClassifierGetters
{
    public const int Score = 0, PredictedLabel = 1, ClassMaps = 2, ImageSize = 3, Count = 4;

    public static Delegate Make(int output, Func<ClassifierResult> current) => output switch
    {
        Score => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => Copy(current().Scores, ref dst)),
        PredictedLabel => (ValueGetter<uint>)((ref uint dst) => dst = current().PredictedKey),
        ClassMaps => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) => Copy(current().ClassMaps, ref dst)),
        ImageSize => (ValueGetter<VBuffer<int>>)((ref VBuffer<int> dst) =>
        {
            var r = current();
            var editor = VBufferEditor.Create(ref dst, 2);
            editor.Values[0] = r.Width;
            editor.Values[1] = r.Height;
            dst = editor.Commit();
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "unknown classifier output"),
    };

    public static void Copy<T>(ReadOnlySpan<T> values, ref VBuffer<T> dst)
    {
        var editor = VBufferEditor.Create(ref dst, values.Length);
        values.CopyTo(editor.Values);
        dst = editor.Commit();
    }
}
