using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Streaming MaxBoxAcc / MaxBoxAccV2 / mIoU / GT-known Loc / Top-1 Loc with the semantics of
/// clovaai/wsolevaluation's <c>BoxEvaluator</c>: <c>Add</c> one score map and its GT boxes per image (or
/// <see cref="AddRange(int, Func{int, ScoreMapSample}, int)"/> many, in parallel), then <see cref="Compute"/>.
/// Each map is swept once for all τ (<see cref="BoxSweep"/>). Not thread-safe; AddRange parallelises internally.
/// </summary>
/// <remarks>
/// Results are bit-identical whatever the thread count: images are scored independently and their per-τ
/// IoUs are summed in input order.
/// </remarks>
public sealed class BoxAccuracyAccumulator
{
    private const int ImagesPerThreadPerChunk = 64;

    private readonly BoxAccuracyOptions _options;
    private readonly ThresholdGrid _grid;
    private readonly double[] _taus; // the grid, then the user τ when given
    private readonly int[] _percents;
    private readonly double[] _cuts;
    private readonly int[][] _correct;
    private readonly double[] _iouSum;
    private readonly int[] _gtKnown;
    private readonly int[] _top1;
    private readonly double _locCut = LocalizationAccuracy.IouThreshold;
    private readonly ImageScorer _scorer;
    private readonly double[] _bestIou;
    private readonly ConcurrentBag<ImageScorer> _spareScorers = [];
    private readonly List<ImageBoxDetail>? _images;
    private int _gtKnownAtUserTau;
    private int _top1AtUserTau;
    private int _correctClasses;
    private bool? _hasClasses;
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
        _grid = new ThresholdGrid(_options.ThresholdStep);
        _taus = _options.LocalizationTau is double userTau ? [.. _grid, userTau] : [.. _grid];
        _cuts = new double[_percents.Length];
        _correct = new int[_percents.Length][];
        for (int d = 0; d < _percents.Length; d++)
        {
            _cuts[d] = _percents[d] / 100.0; // the reference's IoU >= δ/100 with integer δ
            _correct[d] = new int[_grid.Count];
        }

        _iouSum = new double[_grid.Count];
        _gtKnown = new int[_grid.Count];
        _top1 = new int[_grid.Count];
        _scorer = new ImageScorer(_options, _taus);
        _bestIou = new double[_taus.Length];
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
        CheckClasses(null, null, null);
        _scorer.Score(map, width, height, gtBoxes, originalWidth, originalHeight, _bestIou);
        Merge(_bestIou, null, null, _images is null ? null : _scorer.Detail(Count, null, null, null, _bestIou, _grid.Count));
    }

    /// <summary>Adds one image with a float64 score map; see the float overload.</summary>
    public void Add(ReadOnlySpan<double> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
    {
        CheckClasses(null, null, null);
        _scorer.Score(map, width, height, gtBoxes, originalWidth, originalHeight, _bestIou);
        Merge(_bestIou, null, null, _images is null ? null : _scorer.Detail(Count, null, null, null, _bestIou, _grid.Count));
    }

    /// <summary>
    /// Adds one image with its true and predicted class (for Top-1 Loc and Top-1 classification); the map is the
    /// ground-truth class's. Every image of an accumulator carries classes, or none does.
    /// </summary>
    public void Add(ReadOnlySpan<float> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight,
        int trueClass, int predictedClass)
    {
        CheckClasses(trueClass, predictedClass, null);
        _scorer.Score(map, width, height, gtBoxes, originalWidth, originalHeight, _bestIou);
        Merge(_bestIou, trueClass, predictedClass, _images is null ? null : _scorer.Detail(Count, null, trueClass, predictedClass, _bestIou, _grid.Count));
    }

    /// <summary>Adds one image with a float64 map and its classes; see the float overload.</summary>
    public void Add(ReadOnlySpan<double> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight,
        int trueClass, int predictedClass)
    {
        CheckClasses(trueClass, predictedClass, null);
        _scorer.Score(map, width, height, gtBoxes, originalWidth, originalHeight, _bestIou);
        Merge(_bestIou, trueClass, predictedClass, _images is null ? null : _scorer.Detail(Count, null, trueClass, predictedClass, _bestIou, _grid.Count));
    }

    /// <summary>Adds one sample; errors about its map or boxes name its id (or index).</summary>
    public void Add(ScoreMapSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        CheckClasses(sample.TrueClass, sample.PredictedClass, sample.ImageId);
        _scorer.Score(sample, Count, _bestIou);
        Merge(_bestIou, sample.TrueClass, sample.PredictedClass, _images is null ? null : _scorer.Detail(Count, sample.ImageId, sample.TrueClass, sample.PredictedClass, _bestIou, _grid.Count));
    }

    /// <summary>
    /// Adds <paramref name="count"/> samples, scoring them on up to <paramref name="maxDegreeOfParallelism"/>
    /// threads (≤ 0: one per processor). <paramref name="sampleAt"/> is called once per index, possibly
    /// concurrently, and may load the map (for example from a file) into a per-thread buffer. The images
    /// are added in index order; if one fails, those before it are added and its error is thrown.
    /// </summary>
    public void AddRange(int count, Func<int, ScoreMapSample> sampleAt, int maxDegreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(sampleAt);
        int threads = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        if (threads == 1)
        {
            for (int i = 0; i < count; i++)
            {
                Add(sampleAt(i) ?? throw new InvalidOperationException($"sampleAt({i}) returned null."));
            }

            return;
        }

        int chunk = Math.Min(count, threads * ImagesPerThreadPerChunk);
        var slots = new Slot[chunk];
        for (int i = 0; i < chunk; i++)
        {
            slots[i] = new Slot(_taus.Length);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        for (int start = 0; start < count; start += chunk)
        {
            int size = Math.Min(chunk, count - start);
            int first = Count;
            Parallel.For(0, size, parallel, RentScorer, (k, _, scorer) =>
            {
                Slot slot = slots[k];
                slot.Reset();
                try
                {
                    ScoreMapSample sample = sampleAt(start + k) ?? throw new InvalidOperationException($"sampleAt({start + k}) returned null.");
                    slot.Sample = sample;
                    scorer.Score(sample, first + k, slot.BestIou);
                    slot.Detail = _images is null ? null : scorer.Detail(first + k, sample.ImageId, sample.TrueClass, sample.PredictedClass, slot.BestIou, _grid.Count);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    slot.Error = ExceptionDispatchInfo.Capture(e);
                }

                return scorer;
            }, scorer => _spareScorers.Add(scorer));

            for (int k = 0; k < size; k++)
            {
                Slot slot = slots[k];
                slot.Error?.Throw();
                ScoreMapSample sample = slot.Sample!;
                CheckClasses(sample.TrueClass, sample.PredictedClass, sample.ImageId);
                Merge(slot.BestIou, sample.TrueClass, sample.PredictedClass, slot.Detail);
            }
        }
    }

    /// <summary>Adds the samples in order, scoring them in parallel; see <see cref="AddRange(int, Func{int, ScoreMapSample}, int)"/>.</summary>
    public void AddRange(IReadOnlyList<ScoreMapSample> samples, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(samples);
        AddRange(samples.Count, i => samples[i], maxDegreeOfParallelism);
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
            double[] curve = Percent(correct, n);
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
            ComputeLocalization(n),
            _images?.ToArray());
    }

    /// <summary>Index of the first maximum (numpy's argmax).</summary>
    internal static int FirstArgMax(ReadOnlySpan<double> values)
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

    private LocalizationAccuracy ComputeLocalization(int n)
    {
        double[] gtKnown = Percent(_gtKnown, n);
        int optimum = FirstArgMax(gtKnown);
        bool classes = _hasClasses == true;
        double? userTau = _options.LocalizationTau;
        return new LocalizationAccuracy(
            optimum,
            _grid[optimum],
            Array.AsReadOnly(gtKnown),
            classes ? Array.AsReadOnly(Percent(_top1, n)) : null,
            classes ? _correctClasses : null,
            classes ? _correctClasses * 100.0 / n : null,
            userTau,
            userTau is null ? null : _gtKnownAtUserTau * 100.0 / n,
            userTau is null || !classes ? null : _top1AtUserTau * 100.0 / n);
    }

    // count·100.0/N in this order, as the reference.
    private static double[] Percent(int[] counts, int n)
    {
        var curve = new double[counts.Length];
        for (int t = 0; t < counts.Length; t++)
        {
            curve[t] = counts[t] * 100.0 / n;
        }

        return curve;
    }

    // Every image carries both classes or none does; classes are non-negative.
    private void CheckClasses(int? trueClass, int? predictedClass, string? imageId)
    {
        string who = ImageScorer.Describe(imageId, Count);
        if (trueClass.HasValue != predictedClass.HasValue)
        {
            throw new ArgumentException($"{who} has a true class or a predicted class but not both.");
        }

        if (trueClass < 0 || predictedClass < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{who}: class indices must be non-negative (true {trueClass}, predicted {predictedClass})."));
        }

        if (_hasClasses is bool hasClasses && hasClasses != trueClass.HasValue)
        {
            throw new ArgumentException(hasClasses
                ? $"{who} has no class labels but the earlier images had; Top-1 metrics need them on every image."
                : $"{who} has class labels but the earlier images had none; Top-1 metrics need them on every image.");
        }
    }

    // Adds one scored image to every tally, in input order.
    private void Merge(ReadOnlySpan<double> bestIou, int? trueClass, int? predictedClass, ImageBoxDetail? detail)
    {
        _hasClasses = trueClass.HasValue;
        bool classCorrect = trueClass.HasValue && trueClass == predictedClass;
        int taus = _grid.Count;
        double best = bestIou[0];
        for (int t = 0; t < taus; t++)
        {
            double iou = bestIou[t];
            best = Math.Max(best, iou);
            _iouSum[t] += iou;
            for (int d = 0; d < _cuts.Length; d++)
            {
                if (iou >= _cuts[d])
                {
                    _correct[d][t]++;
                }
            }

            if (iou >= _locCut)
            {
                _gtKnown[t]++;
                _top1[t] += classCorrect ? 1 : 0;
            }
        }

        if (_options.LocalizationTau is not null && bestIou[taus] >= _locCut)
        {
            _gtKnownAtUserTau++;
            _top1AtUserTau += classCorrect ? 1 : 0;
        }

        _correctClasses += classCorrect ? 1 : 0;
        _perImageSum += best;
        if (detail is not null)
        {
            _images!.Add(detail);
        }

        Count++;
    }

    private ImageScorer RentScorer() => _spareScorers.TryTake(out ImageScorer? scorer) ? scorer : new ImageScorer(_options, _taus);

    // One image's result in a parallel chunk; buffers are reused from chunk to chunk.
    private sealed class Slot(int tauCount)
    {
        public double[] BestIou { get; } = new double[tauCount];

        public ScoreMapSample? Sample { get; set; }

        public ImageBoxDetail? Detail { get; set; }

        public ExceptionDispatchInfo? Error { get; set; }

        public void Reset()
        {
            Sample = null;
            Detail = null;
            Error = null;
        }
    }
}
