using System.Collections.Generic;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>One row of an experiment: a network and training method, with the paper's figures per data set.</summary>
/// <param name="Name">Display name (unique in the experiment; also names its output folder).</param>
/// <param name="Attention">The attention module.</param>
/// <param name="Views">RFGA views (RFGA kinds only).</param>
/// <param name="Method">The training-time method.</param>
/// <param name="HaS">Hide-and-Seek settings.</param>
/// <param name="Adl">ADL settings.</param>
/// <param name="Acol">ACoL settings.</param>
/// <param name="CutMix">CutMix settings.</param>
/// <param name="Paper">The paper's figures keyed by data set (cub, aircraft, dogs); may be empty.</param>
internal sealed record ExperimentRow(string Name, AttentionKind Attention, RfgaViews Views, WsolMethod Method,
    HasOptions HaS, AdlOptions Adl, AcolOptions Acol, CutMixOptions CutMix, IReadOnlyDictionary<string, PaperFigures> Paper)
{
    /// <summary>The row's output folder name: lower-case letters and digits, other runs of characters as one '-'.</summary>
    public string Slug
    {
        get
        {
            var s = new System.Text.StringBuilder();
            foreach (char c in Name.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c)) s.Append(c);
                else if (s.Length > 0 && s[^1] != '-') s.Append('-');
            }
            return s.ToString().Trim('-');
        }
    }

    /// <summary>What the row trains (every method's settings; only <see cref="Method"/>'s are used), for result files and mismatch checks.</summary>
    public string Describe() => $"attention {Attention}, views {Views}, method {Method}; {HaS}; {Adl}; {Acol}; {CutMix}";
}
