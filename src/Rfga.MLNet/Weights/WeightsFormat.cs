namespace Rfga.MLNet.Weights;

/// <summary>A file format for network weights (a state dict: name → tensor).</summary>
public enum WeightsFormat
{
    /// <summary>PyTorch's <c>torch.save</c> zip format (<c>.pth</c>, <c>.pt</c>), written and read through TorchSharp.PyBridge.</summary>
    PyTorch = 0,

    /// <summary>Hugging Face safetensors (<c>.safetensors</c>), written and read through TorchSharp.PyBridge.</summary>
    Safetensors = 1,

    /// <summary>TorchSharp's own <c>Module.save</c> format (<c>.dat</c>).</summary>
    TorchSharp = 2,
}
