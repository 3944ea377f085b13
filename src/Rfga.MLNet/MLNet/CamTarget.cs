namespace Rfga.MLNet.MLNet;

/// <summary>Which class's activation map becomes the CAM of a row.</summary>
public enum CamTarget
{
    /// <summary>The predicted (top-1) class: for Top-1 Loc and for unlabelled data.</summary>
    Predicted = 0,

    /// <summary>The ground-truth class from the label column: for GT-known Loc and MaxBoxAcc.</summary>
    Label = 1,
}
