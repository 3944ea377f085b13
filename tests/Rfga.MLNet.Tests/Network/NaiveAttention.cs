using System;
using System.Collections.Generic;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Tests.Network;

/// <summary>
/// Deliberately naive reference implementations of RFGA, SE, CBAM and ECA: explicit loops in double precision,
/// written from PAPER.md §2 and §7 only, sharing no code with the library.
/// </summary>
internal static class NaiveAttention
{
    public const double Eps = 1e-5;
    public const double Momentum = 0.1;

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>What the naive RFGA computes.</summary>
    public sealed record RfgaResult(double[,,,] Y, double[,,,] M, double[,]? Zc, double[,,]? Zh, double[,,]? Zw,
        Dictionary<string, double[]> RunningStats);

    /// <summary>Eqs. 1–8 with plain loops; p holds the state dict (conv_v.weight, bn_v.*).</summary>
    public static RfgaResult Rfga(double[,,,] x, Dictionary<string, double[]> p, bool residual, RfgaViews views,
        HwConvAxis axis, SpatialMixing mixing, bool training, int k)
    {
        int B = x.GetLength(0), C = x.GetLength(1), H = x.GetLength(2), W = x.GetLength(3);
        int pad = (k - 1) / 2;
        var running = new Dictionary<string, double[]>();

        // Pooled descriptors (Eqs. 1–3).
        var c = new double[B, C];
        var h = new double[B, C, H];
        var w = new double[B, C, W];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
            {
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                    {
                        c[b, ch] += x[b, ch, i, j] / (H * W);
                        h[b, ch, i] += x[b, ch, i, j] / W;
                        w[b, ch, j] += x[b, ch, i, j] / H;
                    }
            }

        double[,]? zc = null;
        double[,,]? zh = null, zw = null;
        if (views.HasFlag(RfgaViews.Channel))
        {
            var omega = p["conv_c.weight"];
            var u = new double[B, C, 1];
            for (int b = 0; b < B; b++)
                for (int ch = 0; ch < C; ch++)
                    for (int t = 0; t < k; t++)
                    {
                        int src = ch + t - pad;
                        if (src >= 0 && src < C) u[b, ch, 0] += omega[t] * c[b, src];
                    }
            var z = NormSigmoid(u, p, "bn_c", training, running);
            zc = new double[B, C];
            for (int b = 0; b < B; b++) for (int ch = 0; ch < C; ch++) zc[b, ch] = z[b, ch, 0];
        }
        if (views.HasFlag(RfgaViews.Height)) zh = NormSigmoid(Conv(h, p["conv_h.weight"], axis, mixing, k), p, "bn_h", training, running);
        if (views.HasFlag(RfgaViews.Width)) zw = NormSigmoid(Conv(w, p["conv_w.weight"], axis, mixing, k), p, "bn_w", training, running);

        var m = new double[B, C, H, W];
        var y = new double[B, C, H, W];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                    {
                        double s = (zh is null ? 0 : zh[b, ch, i]) + (zw is null ? 0 : zw[b, ch, j]) + (zc is null ? 0 : zc[b, ch]);
                        m[b, ch, i, j] = Sigmoid(s);
                        y[b, ch, i, j] = residual ? x[b, ch, i, j] + x[b, ch, i, j] * m[b, ch, i, j] : x[b, ch, i, j] * m[b, ch, i, j];
                    }
        return new RfgaResult(y, m, zc, zh, zw, running);
    }

    /// <summary>1-D convolution of a descriptor d[b, channel, position] (position = row for h, column for w).</summary>
    private static double[,,] Conv(double[,,] d, double[] weight, HwConvAxis axis, SpatialMixing mixing, int k)
    {
        int B = d.GetLength(0), C = d.GetLength(1), L = d.GetLength(2), pad = (k - 1) / 2;
        var u = new double[B, C, L];
        for (int b = 0; b < B; b++)
            for (int o = 0; o < C; o++)
                for (int l = 0; l < L; l++)
                    for (int t = 0; t < k; t++)
                    {
                        if (axis == HwConvAxis.Channel)
                        {
                            // Along channels at a fixed row/column, one shared kernel.
                            int src = o + t - pad;
                            if (src >= 0 && src < C) u[b, o, l] += weight[t] * d[b, src, l];
                            continue;
                        }
                        int pos = l + t - pad;
                        if (pos < 0 || pos >= L) continue;
                        switch (mixing)
                        {
                            case SpatialMixing.Dense:
                                for (int ci = 0; ci < C; ci++) u[b, o, l] += weight[(o * C + ci) * k + t] * d[b, ci, pos];
                                break;
                            case SpatialMixing.Depthwise:
                                u[b, o, l] += weight[o * k + t] * d[b, o, pos];
                                break;
                            default:
                                u[b, o, l] += weight[t] * d[b, o, pos];
                                break;
                        }
                    }
        return u;
    }

    /// <summary>
    /// BatchNorm over channel axis 1 of u[b, channel, position], then σ. Training: batch mean and biased variance
    /// over (b, position), and the expected updated running statistics (unbiased variance) go into
    /// <paramref name="running"/>. Eval: running statistics.
    /// </summary>
    private static double[,,] NormSigmoid(double[,,] u, Dictionary<string, double[]> p, string bn, bool training,
        Dictionary<string, double[]> running)
    {
        var (mean, variance) = (p[bn + ".running_mean"], p[bn + ".running_var"]);
        var normed = BatchNorm(u, p[bn + ".weight"], p[bn + ".bias"], mean, variance, training, Momentum,
            out var newMean, out var newVar);
        running[bn + ".running_mean"] = newMean;
        running[bn + ".running_var"] = newVar;
        int B = u.GetLength(0), C = u.GetLength(1), L = u.GetLength(2);
        var z = new double[B, C, L];
        for (int b = 0; b < B; b++) for (int ch = 0; ch < C; ch++) for (int l = 0; l < L; l++) z[b, ch, l] = Sigmoid(normed[b, ch, l]);
        return z;
    }

    /// <summary>BatchNorm2d semantics on u[b, channel, position].</summary>
    public static double[,,] BatchNorm(double[,,] u, double[] gamma, double[] beta, double[] runMean, double[] runVar,
        bool training, double momentum, out double[] newMean, out double[] newVar)
    {
        int B = u.GetLength(0), C = u.GetLength(1), L = u.GetLength(2);
        var y = new double[B, C, L];
        newMean = (double[])runMean.Clone();
        newVar = (double[])runVar.Clone();
        for (int ch = 0; ch < C; ch++)
        {
            double mu = runMean[ch], v = runVar[ch];
            if (training)
            {
                int n = B * L;
                double sum = 0;
                for (int b = 0; b < B; b++) for (int l = 0; l < L; l++) sum += u[b, ch, l];
                mu = sum / n;
                double sq = 0;
                for (int b = 0; b < B; b++) for (int l = 0; l < L; l++) sq += (u[b, ch, l] - mu) * (u[b, ch, l] - mu);
                v = sq / n;
                newMean[ch] = (1 - momentum) * runMean[ch] + momentum * mu;
                newVar[ch] = (1 - momentum) * runVar[ch] + momentum * sq / (n - 1);
            }
            for (int b = 0; b < B; b++)
                for (int l = 0; l < L; l++)
                    y[b, ch, l] = gamma[ch] * (u[b, ch, l] - mu) / Math.Sqrt(v + Eps) + beta[ch];
        }
        return y;
    }

    /// <summary>SE: s = σ(W₂ ReLU(W₁ GAP(X) + b₁) + b₂), X̂ = X ⊙ s.</summary>
    public static double[,,,] Se(double[,,,] x, Dictionary<string, double[]> p)
    {
        int B = x.GetLength(0), C = x.GetLength(1);
        var gap = Gap(x);
        var s = new double[B, C];
        for (int b = 0; b < B; b++)
        {
            var row = new double[C];
            for (int ch = 0; ch < C; ch++) row[ch] = gap[b, ch];
            var o = Mlp(row, p);
            for (int ch = 0; ch < C; ch++) s[b, ch] = Sigmoid(o[ch]);
        }
        return Scale(x, s);
    }

    /// <summary>ECA: s = σ(conv1d_k over channels of GAP(X)), no bias, no BN; X̂ = X ⊙ s.</summary>
    public static double[,,,] Eca(double[,,,] x, Dictionary<string, double[]> p)
    {
        int B = x.GetLength(0), C = x.GetLength(1);
        var omega = p["conv.weight"];
        int k = omega.Length, pad = (k - 1) / 2;
        var gap = Gap(x);
        var s = new double[B, C];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
            {
                double u = 0;
                for (int t = 0; t < k; t++)
                {
                    int src = ch + t - pad;
                    if (src >= 0 && src < C) u += omega[t] * gap[b, src];
                }
                s[b, ch] = Sigmoid(u);
            }
        return Scale(x, s);
    }

    /// <summary>
    /// CBAM: M_c = σ(MLP(avg) + MLP(max)), X′ = X ⊙ M_c; M_s = σ(BN(conv7×7([mean_c X′; max_c X′]))), X̂ = X′ ⊙ M_s.
    /// The spatial BN uses momentum <paramref name="bnMomentum"/>; the expected running statistics are returned.
    /// </summary>
    public static double[,,,] Cbam(double[,,,] x, Dictionary<string, double[]> p, bool training, double bnMomentum,
        out double[] newRunningMean, out double[] newRunningVar)
    {
        int B = x.GetLength(0), C = x.GetLength(1), H = x.GetLength(2), W = x.GetLength(3);
        var mc = new double[B, C];
        for (int b = 0; b < B; b++)
        {
            var avg = new double[C];
            var max = new double[C];
            for (int ch = 0; ch < C; ch++)
            {
                max[ch] = double.NegativeInfinity;
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                    {
                        avg[ch] += x[b, ch, i, j] / (H * W);
                        max[ch] = Math.Max(max[ch], x[b, ch, i, j]);
                    }
            }
            var oa = Mlp(avg, p);
            var om = Mlp(max, p);
            for (int ch = 0; ch < C; ch++) mc[b, ch] = Sigmoid(oa[ch] + om[ch]);
        }
        var refined = Scale(x, mc);
        // [mean over channels; max over channels] at every pixel.
        var pooled = new double[B, 2, H, W];
        for (int b = 0; b < B; b++)
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    double sum = 0, max = double.NegativeInfinity;
                    for (int ch = 0; ch < C; ch++)
                    {
                        sum += refined[b, ch, i, j];
                        max = Math.Max(max, refined[b, ch, i, j]);
                    }
                    pooled[b, 0, i, j] = sum / C;
                    pooled[b, 1, i, j] = max;
                }
        var kernel = p["conv.weight"];   // [1, 2, 7, 7]
        const int K = 7, Pad = 3;
        var u = new double[B, 1, H * W];
        for (int b = 0; b < B; b++)
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    double acc = 0;
                    for (int ch = 0; ch < 2; ch++)
                        for (int di = 0; di < K; di++)
                            for (int dj = 0; dj < K; dj++)
                            {
                                int si = i + di - Pad, sj = j + dj - Pad;
                                if (si >= 0 && si < H && sj >= 0 && sj < W) acc += kernel[(ch * K + di) * K + dj] * pooled[b, ch, si, sj];
                            }
                    u[b, 0, i * W + j] = acc;
                }
        var normed = BatchNorm(u, p["bn.weight"], p["bn.bias"], p["bn.running_mean"], p["bn.running_var"], training, bnMomentum,
            out newRunningMean, out newRunningVar);
        var y = new double[B, C, H, W];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                        y[b, ch, i, j] = refined[b, ch, i, j] * Sigmoid(normed[b, 0, i * W + j]);
        return y;
    }

    /// <summary>fc2(ReLU(fc1(v))) with Linear semantics (weight [out, in], bias [out]).</summary>
    private static double[] Mlp(double[] v, Dictionary<string, double[]> p)
    {
        var (w1, b1, w2, b2) = (p["fc1.weight"], p["fc1.bias"], p["fc2.weight"], p["fc2.bias"]);
        int c = v.Length, hidden = b1.Length;
        var a = new double[hidden];
        for (int o = 0; o < hidden; o++)
        {
            double s = b1[o];
            for (int i = 0; i < c; i++) s += w1[o * c + i] * v[i];
            a[o] = Math.Max(0, s);
        }
        var r = new double[c];
        for (int o = 0; o < c; o++)
        {
            double s = b2[o];
            for (int i = 0; i < hidden; i++) s += w2[o * hidden + i] * a[i];
            r[o] = s;
        }
        return r;
    }

    private static double[,] Gap(double[,,,] x)
    {
        int B = x.GetLength(0), C = x.GetLength(1), H = x.GetLength(2), W = x.GetLength(3);
        var g = new double[B, C];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                        g[b, ch] += x[b, ch, i, j] / (H * W);
        return g;
    }

    private static double[,,,] Scale(double[,,,] x, double[,] s)
    {
        int B = x.GetLength(0), C = x.GetLength(1), H = x.GetLength(2), W = x.GetLength(3);
        var y = new double[B, C, H, W];
        for (int b = 0; b < B; b++)
            for (int ch = 0; ch < C; ch++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                        y[b, ch, i, j] = x[b, ch, i, j] * s[b, ch];
        return y;
    }
}
