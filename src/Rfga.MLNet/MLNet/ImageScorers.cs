using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Rfga.MLNet.MLNet;

/// <summary>The ITransformer plumbing shared by every <see cref="IImageScorer"/>: output schema and row-to-row mapper.</summary>
internal static class ImageScorers
{
    /// <summary>The input schema plus the scorer's four columns, after checking the image column.</summary>
    public static DataViewSchema OutputSchema(IImageScorer scorer, DataViewSchema inputSchema)
    {
        scorer.Host.CheckValue(inputSchema, nameof(inputSchema));
        SchemaChecks.RequireImage(scorer.Host, inputSchema, scorer.ImageColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumns(scorer.OutputColumns());
        return builder.ToSchema();
    }

    /// <summary>A one-image-per-forward mapper (PredictionEngine, row-to-row use).</summary>
    public static IRowToRowMapper RowToRowMapper(IImageScorer scorer, DataViewSchema inputSchema)
    {
        scorer.Host.CheckValue(inputSchema, nameof(inputSchema));
        return new RowToRowMapperTransform(scorer.Host, new EmptyDataView(scorer.Host, inputSchema),
            new ClassifierRowMapper(scorer, inputSchema), schema => new ClassifierRowMapper(scorer, schema));
    }
}
