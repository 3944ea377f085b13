using System;
using System.Collections.Generic;
using System.Globalization;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Scores one image at every τ: the GT boxes brought into map pixels, the map swept once with
/// <see cref="BoxSweep"/>, and the best IoU over predicted × GT boxes per τ. Reuses its buffers; one instance
/// per thread.
/// </summary>
internal sealed class ImageScorer
{
    private readonly BoxAccuracyOptions _options;
    private readonly BoxSweep _sweep;
    private readonly PixelBox[] _boxes;
    private readonly bool _single;
    private PixelBox[] _gt = new PixelBox[4];
    private int _gtCount;

    /// <summary>A scorer over <paramref name="taus"/> (the grid, then any extra τ) with validated options.</summary>
    public ImageScorer(BoxAccuracyOptions options, double[] taus)
    {
        _options = options;
        _sweep = new BoxSweep(taus);
        _boxes = new PixelBox[taus.Length];
        _single = options.ContourMode == ContourMode.Single;
    }

    /// <summary>Scores a float32 map; <paramref name="bestIou"/> receives one value per τ.</summary>
    public void Score(ReadOnlySpan<float> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight, Span<double> bestIou)
    {
        ResizeGt(gtBoxes, map.Length, width, height, originalWidth, originalHeight);
        if (_single)
        {
            _sweep.ComputeSingle(map, width, height, _boxes);
        }
        else
        {
            _sweep.ComputeMulti(map, width, height);
        }

        BestIou(bestIou);
    }

    /// <summary>Scores a float64 map; <paramref name="bestIou"/> receives one value per τ.</summary>
    public void Score(ReadOnlySpan<double> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight, Span<double> bestIou)
    {
        ResizeGt(gtBoxes, map.Length, width, height, originalWidth, originalHeight);
        if (_single)
        {
            _sweep.ComputeSingle(map, width, height, _boxes);
        }
        else
        {
            _sweep.ComputeMulti(map, width, height);
        }

        BestIou(bestIou);
    }

    /// <summary>Scores a sample, naming its id (or index) in any error about its map or boxes.</summary>
    public void Score(ScoreMapSample sample, int index, Span<double> bestIou)
    {
        try
        {
            if (sample.IsDouble)
            {
                Score(sample.DoubleMap.Span, sample.Width, sample.Height, sample.GtBoxes, sample.OriginalWidth, sample.OriginalHeight, bestIou);
            }
            else
            {
                Score(sample.SingleMap.Span, sample.Width, sample.Height, sample.GtBoxes, sample.OriginalWidth, sample.OriginalHeight, bestIou);
            }
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Describe(sample.ImageId, index)}: {PlainMessage(e)}", e);
        }
    }

    /// <summary>The detail of the last scored image (GT in map pixels, best IoU and boxes per grid τ).</summary>
    public ImageBoxDetail Detail(int index, string? imageId, int? trueClass, int? predictedClass, ReadOnlySpan<double> bestIou, int gridCount)
    {
        int[]? boxCounts = null;
        if (!_single)
        {
            boxCounts = new int[gridCount];
            for (int t = 0; t < gridCount; t++)
            {
                boxCounts[t] = _sweep.MultiBoxesAt(t).Length;
            }
        }

        return new ImageBoxDetail(
            index,
            Array.AsReadOnly(_gt.AsSpan(0, _gtCount).ToArray()),
            Array.AsReadOnly(bestIou[..gridCount].ToArray()),
            _single ? Array.AsReadOnly(_boxes.AsSpan(0, gridCount).ToArray()) : null,
            boxCounts is null ? null : Array.AsReadOnly(boxCounts),
            BoxAccuracyAccumulator.FirstArgMax(bestIou[..gridCount]))
        {
            ImageId = imageId,
            TrueClass = trueClass,
            PredictedClass = predictedClass,
        };
    }

    /// <summary>"Image 'id' (index i)" or "Image i", for messages.</summary>
    internal static string Describe(string? imageId, int index) => imageId is null
        ? string.Create(CultureInfo.InvariantCulture, $"Image {index}")
        : string.Create(CultureInfo.InvariantCulture, $"Image '{imageId}' (index {index})");

    // An exception's message without the " (Parameter 'x')" suffix and the "Actual value was" line.
    internal static string PlainMessage(Exception e)
    {
        string message = e.Message;
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
        {
            message = message[..newline].TrimEnd('\r');
        }

        if (e is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return message;
    }

    // Validates the GT boxes and brings them into map pixels (in _gt).
    private void ResizeGt(IReadOnlyList<PixelBox> gtBoxes, int mapLength, int width, int height, int originalWidth, int originalHeight)
    {
        ArgumentNullException.ThrowIfNull(gtBoxes);
        if (gtBoxes.Count == 0)
        {
            throw new ArgumentException("Each image needs at least one GT box.", nameof(gtBoxes));
        }

        ScoreMapQuantizer.CheckShape(mapLength, width, height);
        if (_gt.Length < gtBoxes.Count)
        {
            _gt = new PixelBox[Math.Max(gtBoxes.Count, _gt.Length * 2)];
        }

        (int targetWidth, int targetHeight) = _options.GtResizeMode switch
        {
            GtResizeMode.ScoreMap => (width, height),
            GtResizeMode.Fixed => (_options.FixedResizeLength, _options.FixedResizeLength),
            _ => (0, 0),
        };
        for (int i = 0; i < gtBoxes.Count; i++)
        {
            PixelBox box = gtBoxes[i];
            if (!box.IsValid)
            {
                box.Validate(string.Create(CultureInfo.InvariantCulture, $"gtBoxes[{i}]"));
            }

            _gt[i] = _options.GtResizeMode == GtResizeMode.None
                ? box
                : GtBoxResizer.Resize(box, originalWidth, originalHeight, targetWidth, targetHeight);
        }

        _gtCount = gtBoxes.Count;
    }

    // Per τ: the best IoU over predicted boxes × GT boxes. Identical thresholds give identical boxes, so the
    // score is recomputed only when the threshold changes (the τ list ascends, except a trailing extra τ).
    private void BestIou(Span<double> bestIou)
    {
        ReadOnlySpan<PixelBox> gt = _gt.AsSpan(0, _gtCount);
        int previousThreshold = -1;
        double previousBest = 0.0;
        for (int t = 0; t < _boxes.Length; t++)
        {
            int threshold = _sweep.ThresholdAt(t);
            if (threshold != previousThreshold)
            {
                ReadOnlySpan<PixelBox> boxes = _single ? new ReadOnlySpan<PixelBox>(_boxes, t, 1) : _sweep.MultiBoxesAt(t);
                previousBest = 0.0;
                foreach (PixelBox box in boxes)
                {
                    foreach (PixelBox g in gt)
                    {
                        previousBest = Math.Max(previousBest, PixelBox.Iou(box, g));
                    }
                }

                previousThreshold = threshold;
            }

            bestIou[t] = previousBest;
        }
    }
}
