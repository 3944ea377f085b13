using System;
using System.Collections.Generic;
using System.Globalization;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Streaming MaxBoxAcc / MaxBoxAccV2 / mIoU with the semantics of clovaai/wsolevaluation's
/// <c>BoxEvaluator</c>: <c>Add</c> one score map and its GT boxes per image, then <see cref="Compute"/>.
/// Not thread-safe.
/// </summary>
public sealed class BoxAccuracyAccumulator
{
    private readonly BoxAccuracyOptions _options;
    private readonly ThresholdGrid _grid;
    private readonly int[] _percents;
    private readonly double[] _cuts;
    private readonly BoxSweep _sweep;
    private readonly int[][] _correct;
    private readonly double[] _iouSum;
    private readonly double[] _bestIou;
    private readonly PixelBox[] _boxes;
    private readonly List<ImageBoxDetail>? _images;
    private PixelBox[] _gt = new PixelBox[1];
    private double _perImageSum;

    /// <summary>Creates an accumulator with the paper's defaults (<see cref="BoxAccuracyOptions"/>).</summary>
    public BoxAccuracyAccumulator()
        : this(new BoxAccuracyOptions())
    {
    }

    /// <summary>Creates an accumulator; the options are validated and copied.</summary>
    public BoxAccuracyAccumulator(BoxAccuracyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _percents = _options.GetIouThresholdPercents();
        _cuts = new double[_percents.Length];
        _correct = new int[_percents.Length][];
        _grid = new ThresholdGrid(_options.ThresholdStep);
        for (int d = 0; d < _percents.Length; d++)
        {
            _cuts[d] = _percents[d] / 100.0; // the reference's IoU >= δ/100 with integer δ
            _correct[d] = new int[_grid.Count];
        }

        _sweep = new BoxSweep(_grid);
        _iouSum = new double[_grid.Count];
        _bestIou = new double[_grid.Count];
        _boxes = new PixelBox[_grid.Count];
        _images = _options.KeepPerImageDetail ? [] : null;
    }

    /// <summary>A copy of the options in use.</summary>
    public BoxAccuracyOptions Options => _options.Clone();

    /// <summary>The τ grid, lowest first.</summary>
    public ThresholdGrid Taus => _grid;

    /// <summary>Number of images added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one image: its score map and its GT boxes.</summary>
    /// <param name="map">Scores in [0, 1], row-major [H, W]; validated (shape, NaN, range).</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="gtBoxes">At least one GT box in original-image pixels (map pixels for <see cref="GtResizeMode.None"/>).</param>
    /// <param name="originalWidth">Width of the image the GT boxes refer to; ignored for <see cref="GtResizeMode.None"/>.</param>
    /// <param name="originalHeight">Height of the image the GT boxes refer to; ignored for <see cref="GtResizeMode.None"/>.</param>
    public void Add(ReadOnlySpan<float> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
    {
        ReadOnlySpan<PixelBox> gt = ResizeGt(gtBoxes, map.Length, width, height, originalWidth, originalHeight);
        if (_options.ContourMode == ContourMode.Single)
        {
            _sweep.ComputeSingle(map, width, height, _boxes);
        }
        else
        {
            _sweep.ComputeMulti(map, width, height);
        }

        Accumulate(gt);
    }

    /// <summary>Adds one image with a float64 score map; see the float overload.</summary>
    public void Add(ReadOnlySpan<double> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
    {
        ReadOnlySpan<PixelBox> gt = ResizeGt(gtBoxes, map.Length, width, height, originalWidth, originalHeight);
        if (_options.ContourMode == ContourMode.Single)
        {
            _sweep.ComputeSingle(map, width, height, _boxes);
        }
        else
        {
            _sweep.ComputeMulti(map, width, height);
        }

        Accumulate(gt);
    }

    /// <summary>The metrics over the images added so far; the accumulator stays usable.</summary>
    /// <exception cref="InvalidOperationException">No image was added.</exception>
    public BoxAccuracyResult Compute()
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("BoxAccuracyAccumulator.Compute needs at least one image; none was added.");
        }

        int n = Count;
        int taus = _grid.Count;
        var meanIouCurve = new double[taus];
        for (int t = 0; t < taus; t++)
        {
            meanIouCurve[t] = _iouSum[t] / n;
        }

        var perDelta = new BoxAccuracyAtDelta[_percents.Length];
        double sumOfMax = 0.0;
        for (int d = 0; d < _percents.Length; d++)
        {
            int[] correct = (int[])_correct[d].Clone();
            var curve = new double[taus];
            for (int t = 0; t < taus; t++)
            {
                curve[t] = correct[t] * 100.0 / n; // count·100.0/N in this order, as the reference
            }

            int best = FirstArgMax(curve);
            var ties = new List<int>();
            for (int t = 0; t < taus; t++)
            {
                if (curve[t] == curve[best])
                {
                    ties.Add(t);
                }
            }

            perDelta[d] = new BoxAccuracyAtDelta(
                _options.IouThresholds[d], _percents[d], curve[best], best, _grid[best], ties.AsReadOnly(),
                correct[best], meanIouCurve[best], Array.AsReadOnly(curve), Array.AsReadOnly(correct));
            sumOfMax += curve[best];
        }

        int maxMeanIouIndex = FirstArgMax(meanIouCurve);
        int meanIouIndex = maxMeanIouIndex;
        if (_options.MeanIouTauRule.Delta is double delta)
        {
            int percent = BoxAccuracyOptions.ToPercent(delta, nameof(BoxAccuracyOptions.MeanIouTauRule));
            meanIouIndex = perDelta[Array.IndexOf(_percents, percent)].OptimalTauIndex;
        }

        return new BoxAccuracyResult(
            n,
            _options.ContourMode,
            _grid,
            Array.AsReadOnly(perDelta),
            sumOfMax / perDelta.Length,
            Array.AsReadOnly(meanIouCurve),
            _options.MeanIouTauRule,
            meanIouIndex,
            meanIouCurve[maxMeanIouIndex],
            maxMeanIouIndex,
            _perImageSum / n,
            _images?.ToArray());
    }

    // Validates and brings the GT boxes into map pixels; the result lives in _gt until the next call.
    private ReadOnlySpan<PixelBox> ResizeGt(IReadOnlyList<PixelBox> gtBoxes, int mapLength, int width, int height, int originalWidth, int originalHeight)
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

        return _gt.AsSpan(0, gtBoxes.Count);
    }

    // Scores the last sweep against the GT boxes and adds the image to every tally.
    private void Accumulate(ReadOnlySpan<PixelBox> gt)
    {
        int taus = _grid.Count;
        bool single = _options.ContourMode == ContourMode.Single;
        int[]? boxCounts = _images is not null && !single ? new int[taus] : null;
        int previousThreshold = -1;
        double previousBest = 0.0;
        for (int t = 0; t < taus; t++)
        {
            int threshold = _sweep.ThresholdAt(t);
            ReadOnlySpan<PixelBox> boxes = single ? new ReadOnlySpan<PixelBox>(_boxes, t, 1) : _sweep.MultiBoxesAt(t);
            if (boxCounts is not null)
            {
                boxCounts[t] = boxes.Length;
            }

            if (threshold != previousThreshold)
            {
                // Per-image score at τ: the best IoU over predicted boxes × GT boxes. Identical thresholds
                // give identical boxes, so the score is only recomputed when the threshold changes.
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

            _bestIou[t] = previousBest;
        }

        int bestTau = FirstArgMax(_bestIou);
        for (int t = 0; t < taus; t++)
        {
            double iou = _bestIou[t];
            _iouSum[t] += iou;
            for (int d = 0; d < _cuts.Length; d++)
            {
                if (iou >= _cuts[d])
                {
                    _correct[d][t]++;
                }
            }
        }

        _perImageSum += _bestIou[bestTau];
        _images?.Add(new ImageBoxDetail(
            Count,
            Array.AsReadOnly(gt.ToArray()),
            Array.AsReadOnly((double[])_bestIou.Clone()),
            single ? Array.AsReadOnly((PixelBox[])_boxes.Clone()) : null,
            boxCounts is null ? null : Array.AsReadOnly(boxCounts),
            bestTau));
        Count++;
    }

    private static int FirstArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
