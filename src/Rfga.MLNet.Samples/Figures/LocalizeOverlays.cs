using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>
/// The per-image overlays of <c>rfga localize --overlays</c>: for row n, <c>DIR/nnnnn-&lt;image name&gt;.png</c> with the
/// model's CAM (its Cam column), the input's ground-truth boxes (red, when the row has any) and the model's box (green),
/// sized by <see cref="OverlayThumbnail"/>.
/// </summary>
internal static class LocalizeOverlays
{
    /// <summary>The columns the overlays read.</summary>
    public static readonly IReadOnlyList<string> Columns = ["ImagePath", "Cam", "CamSize", "BoundingBox", "Boxes"];

    /// <summary>A per-row action factory for the writers' <c>perRow</c> hook.</summary>
    public static Func<DataViewRow, Action> Writer(string folder, int maxSide, float heatAlpha)
    {
        Directory.CreateDirectory(folder);
        return row =>
        {
            var schema = row.Schema;
            DataViewSchema.Column Need(string name) => schema.GetColumnOrNull(name) ?? throw new ArgumentException($"The scored data has no column '{name}' (needed for overlays).");
            var pathGetter = row.GetGetter<ReadOnlyMemory<char>>(Need("ImagePath"));
            var camGetter = row.GetGetter<VBuffer<double>>(Need("Cam"));
            var sizeGetter = row.GetGetter<VBuffer<int>>(Need("CamSize"));
            var boxGetter = row.GetGetter<VBuffer<float>>(Need("BoundingBox"));
            var gtGetter = schema.GetColumnOrNull("Boxes") is { } g ? row.GetGetter<VBuffer<float>>(g) : null;
            ReadOnlyMemory<char> path = default;
            VBuffer<double> cam = default;
            VBuffer<int> size = default;
            VBuffer<float> box = default, gt = default;
            int index = 0;
            return () =>
            {
                pathGetter(ref path);
                camGetter(ref cam);
                sizeGetter(ref size);
                boxGetter(ref box);
                string file = path.ToString();
                var image = ImageDecoder.Decode(file);
                int w = size.GetValues()[0], h = size.GetValues()[1];
                if (w != image.Width || h != image.Height)
                    throw new InvalidDataException($"'{file}' is {image.Width}×{image.Height} but its CAM is {w}×{h}.");
                var values = cam.GetValues();
                var map = new float[values.Length];
                for (int i = 0; i < map.Length; i++) map[i] = (float)values[i];
                var b = box.GetValues();
                PixelBox? predicted = b.Length == 4 ? new PixelBox((int)b[0], (int)b[1], (int)b[2], (int)b[3]) : null;
                PixelBox[] truth = [];
                if (gtGetter is not null)
                {
                    gtGetter(ref gt);
                    truth = ModelEvaluation.Boxes(gt.DenseValues().ToArray());
                }
                var overlay = OverlayThumbnail.Render(image.Pixels, image.Width, image.Height, map, truth, predicted, maxSide, heatAlpha);
                overlay.SavePng(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{index:D5}-{Path.GetFileNameWithoutExtension(file)}.png")));
                index++;
            };
        };
    }
}
