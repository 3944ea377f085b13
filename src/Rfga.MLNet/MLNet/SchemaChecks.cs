using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>Input-column checks shared by the estimator and the mapper; errors name the role, column and types.</summary>
internal static class SchemaChecks
{
    public static DataViewSchema.Column RequireImage(IExceptionContext ectx, DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ectx.ExceptSchemaMismatch(nameof(schema), "image", name);
        if (!Rfga.MLNet.MLNet.ImageColumn.IsSupported(column.Type))
            throw ectx.ExceptSchemaMismatch(nameof(schema), "image", name, Rfga.MLNet.MLNet.ImageColumn.ExpectedTypes, column.Type.ToString());
        return column;
    }

    /// <summary>The label column, which must be a key (use MapValueToKey); with <paramref name="classCount"/>, of that count.</summary>
    public static DataViewSchema.Column RequireLabel(IExceptionContext ectx, DataViewSchema schema, string name, int? classCount = null)
    {
        var column = schema.GetColumnOrNull(name) ?? throw ectx.ExceptSchemaMismatch(nameof(schema), "label", name);
        if (column.Type is not KeyDataViewType key || key.RawType != typeof(uint))
            throw ectx.ExceptSchemaMismatch(nameof(schema), "label", name, "Key<UInt32> (apply MapValueToKey first)", column.Type.ToString());
        if (classCount.HasValue && key.Count != (ulong)classCount.Value)
            throw ectx.ExceptSchemaMismatch(nameof(schema), "label", name, $"Key<UInt32, 0-{classCount.Value - 1}> (the training classes)", column.Type.ToString());
        return column;
    }

    /// <summary>The image column of a schema shape (GetOutputSchema): a scalar of a supported image type.</summary>
    public static void RequireImage(IExceptionContext ectx, SchemaShape shape, string name)
    {
        if (!shape.TryFindColumn(name, out var image))
            throw ectx.ExceptSchemaMismatch(nameof(shape), "image", name);
        if (image.Kind != SchemaShape.Column.VectorKind.Scalar || !ImageColumn.IsSupported(image.ItemType))
            throw ectx.ExceptSchemaMismatch(nameof(shape), "image", name, ImageColumn.ExpectedTypes, image.GetTypeString());
    }

    /// <summary>
    /// <paramref name="input"/> plus the classifier's output columns (Score, PredictedLabel with
    /// <paramref name="keyValues"/>, ClassMaps, ImageSize), replacing input columns of the same names.
    /// </summary>
    public static SchemaShape WithClassifierColumns(SchemaShape input, string score, string predictedLabel, string classMaps, string imageSize,
        SchemaShape keyValues)
    {
        var columns = input.ToDictionary(c => c.Name);
        foreach (var c in new[]
        {
            new SchemaShape.Column(score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
            new SchemaShape.Column(predictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, keyValues),
            new SchemaShape.Column(classMaps, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
            new SchemaShape.Column(imageSize, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Int32, false),
        })
            columns[c.Name] = c;
        return new SchemaShape(columns.Values);
    }
}
