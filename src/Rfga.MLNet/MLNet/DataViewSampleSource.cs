using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Training samples from an <see cref="IDataView"/>: one pass reads the labels and either the image paths
/// (decoded again on demand, so memory stays small) or, for in-memory image columns, the decoded pixels.
/// </summary>
internal sealed class DataViewSampleSource : ITrainingSampleSource
{
    private readonly List<int> labels = new();
    private readonly List<string>? paths;
    private readonly List<int>? crops;
    private readonly List<RgbImage>? images;
    private readonly string imageColumn;

    public DataViewSampleSource(IDataView data, DataViewSchema.Column image, DataViewSchema.Column label, string? imageFolder,
        DataViewSchema.Column? cropBottom = null)
    {
        imageColumn = image.Name;
        ClassCount = checked((int)label.Type.GetKeyCount());
        if (image.Type is TextDataViewType) paths = new List<string>(); else images = new List<RgbImage>();
        if (paths is not null && cropBottom is not null) crops = new List<int>();
        using var cursor = data.GetRowCursor(cropBottom is { } c ? new[] { image, label, c } : new[] { image, label });
        ValueGetter<int>? cropGetter = crops is null ? null : cursor.GetGetter<int>(cropBottom!.Value);
        int crop = 0;
        var labelGetter = cursor.GetGetter<uint>(label);
        ValueGetter<ReadOnlyMemory<char>>? pathGetter = paths is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(image);
        Func<RgbImage>? imageReader = images is null ? null : ImageColumn.MakeReader(cursor, image, imageFolder, cropBottom);
        ReadOnlyMemory<char> text = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref key);
            if (key == 0 || key > ClassCount)
                throw new InvalidDataException($"Row {cursor.Position}, column '{label.Name}': the label is missing " +
                    "(a value MapValueToKey did not see, or an empty value); every training row needs a class.");
            labels.Add((int)key - 1);
            if (pathGetter is not null)
            {
                pathGetter(ref text);
                try
                {
                    paths!.Add(ImageColumn.ResolvePath(text.ToString(), imageFolder));
                    if (cropGetter is not null)
                    {
                        cropGetter(ref crop);
                        if (crop < 0) throw new InvalidDataException($"Row {cursor.Position}, column '{cropBottom!.Value.Name}': {crop} rows to crop.");
                        crops!.Add(crop);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"Row {cursor.Position}, column '{image.Name}': {e.Message}", e);
                }
            }
            else
            {
                images!.Add(imageReader!());
            }
        }
    }

    public int Count => labels.Count;

    public int ClassCount { get; }

    public int GetLabel(int index) => labels[index];

    public RgbImage GetImage(int index)
    {
        if (images is not null) return images[index];
        try
        {
            var decoded = ImageDecoder.Decode(paths![index]);
            return crops is null ? decoded : decoded.CropBottom(crops[index]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"Row {index}, column '{imageColumn}': {e.Message}", e);
        }
    }
}
