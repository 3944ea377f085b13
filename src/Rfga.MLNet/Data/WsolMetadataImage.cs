using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>
/// One image of a wsolevaluation metadata split (<see cref="WsolDatasets.WsolEvaluationSplit"/>), as the
/// reference's evaluation sees it.
/// </summary>
/// <param name="ImageId">The id as listed in <c>image_ids.txt</c> (a relative path such as
/// <c>001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg</c>); its score map is <c>&lt;id&gt;.npy</c>.</param>
/// <param name="ClassIndex">The class label from <c>class_labels.txt</c>, 0-based.</param>
/// <param name="Boxes">The GT boxes x0, y0, x1, y1 (inclusive) from <c>localization.txt</c>, in file order, as written.</param>
/// <param name="Width">The image width from <c>image_sizes.txt</c>; 0 when the split has no such file.</param>
/// <param name="Height">The image height from <c>image_sizes.txt</c>; 0 when the split has no such file.</param>
public sealed record WsolMetadataImage(string ImageId, int ClassIndex, IReadOnlyList<PixelBox> Boxes, int Width, int Height);
