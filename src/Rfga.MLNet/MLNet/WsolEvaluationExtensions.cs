using System;
using Microsoft.ML;

namespace Rfga.MLNet.MLNet;

/// <summary>The WSOL evaluation entry point on <see cref="MLContext"/>: <c>mlContext.WsolEvaluation().Evaluate(data)</c>.</summary>
public static class WsolEvaluationExtensions
{
    /// <summary>The WSOL metrics catalog of <paramref name="mlContext"/>.</summary>
    public static WsolEvaluationCatalog WsolEvaluation(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new WsolEvaluationCatalog(mlContext);
    }
}
