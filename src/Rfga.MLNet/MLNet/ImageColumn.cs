using System;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Transforms.Image;
using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.MLNet;

/// <summary>Reads an image column that holds either decoded images (<see cref="MLImage"/>) or file paths (text).</summary>
internal static class ImageColumn
{
    /// <summary>True if <paramref name="type"/> is an accepted image column type.</summary>
    public static bool IsSupported(DataViewType type) => type is ImageDataViewType || type is TextDataViewType;

    /// <summary>A description of the accepted types, for schema errors.</summary>
    public const string ExpectedTypes = "Image (MLImage) or String (image file path)";

    /// <summary>
    /// A function that decodes the current row's image. Paths are joined to <paramref name="imageFolder"/> when relative.
    /// Errors name the row, the column and the file.
    /// </summary>
    public static Func<RgbImage> MakeReader(DataViewRow row, DataViewSchema.Column column, string? imageFolder,
        DataViewSchema.Column? cropBottom = null)
    {
        var read = MakeUncroppedReader(row, column, imageFolder);
        if (cropBottom is not { } crop) return read;
        var rows = row.GetGetter<int>(crop);
        int value = 0;
        return () =>
        {
            var image = read();
            rows(ref value);
            try
            {
                return image.CropBottom(value);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new InvalidDataException($"Row {row.Position}, column '{crop.Name}': {e.Message}", e);
            }
        };
    }

    /// <summary>The column an optional crop is read from, checked: an Int32 column, or null when no name is given.</summary>
    public static DataViewSchema.Column? CropColumn(IExceptionContext ectx, DataViewSchema schema, string? name)
    {
        if (name is null) return null;
        var column = schema.GetColumnOrNull(name) ?? throw ectx.ExceptSchemaMismatch(nameof(schema), "crop bottom", name);
        if (column.Type != NumberDataViewType.Int32)
            throw ectx.ExceptSchemaMismatch(nameof(schema), "crop bottom", name, "Int32", column.Type.ToString());
        return column;
    }

    private static Func<RgbImage> MakeUncroppedReader(DataViewRow row, DataViewSchema.Column column, string? imageFolder)
    {
        if (column.Type is TextDataViewType)
        {
            var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> text = default;
            return () =>
            {
                getter(ref text);
                string path = ResolvePath(text.ToString(), imageFolder);
                try
                {
                    return ImageDecoder.Decode(path);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    throw new InvalidDataException($"Row {row.Position}, column '{column.Name}': {e.Message}", e);
                }
            };
        }
        if (column.Type is ImageDataViewType)
        {
            var getter = row.GetGetter<MLImage>(column);
            MLImage image = null!;
            return () =>
            {
                getter(ref image);
                if (image is null) throw new InvalidDataException($"Row {row.Position}, column '{column.Name}': the image is missing (null).");
                return FromMLImage(image, row.Position, column.Name);
            };
        }
        throw new ArgumentException($"Column '{column.Name}' has type {column.Type}; expected {ExpectedTypes}.", nameof(column));
    }

    /// <summary>Joins a relative path to the image folder; empty paths are rejected.</summary>
    public static string ResolvePath(string path, string? imageFolder)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidDataException("the image path is empty.");
        return imageFolder is null || Path.IsPathRooted(path) ? path : Path.Combine(imageFolder, path);
    }

    /// <summary>Copies an <see cref="MLImage"/>'s pixels (BGRA32 or RGBA32) to RGB.</summary>
    public static RgbImage FromMLImage(MLImage image, long row, string column) => image.PixelFormat switch
    {
        MLPixelFormat.Bgra32 => RgbImage.FromFourChannel(image.Width, image.Height, image.Pixels, bgra: true),
        MLPixelFormat.Rgba32 => RgbImage.FromFourChannel(image.Width, image.Height, image.Pixels, bgra: false),
        _ => throw new InvalidDataException($"Row {row}, column '{column}': unsupported pixel format {image.PixelFormat}."),
    };
}
