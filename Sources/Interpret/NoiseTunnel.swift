import Tensor

/// How ``noiseTunnel(_:input:samples:standardDeviation:using:attribute:)`` combines the
/// attributions of the noisy copies (Captum's `nt_type`).
public enum NoiseTunnelType: Sendable {
    /// SmoothGrad (Smilkov et al., 2017): their mean.
    case smoothGrad
    /// SmoothGrad²: the mean of their squares.
    case smoothGradSquared
    /// VarGrad (Adebayo et al., 2018): their variance, mean of squares minus square of the mean.
    case varGrad
}

/// NoiseTunnel (Captum's `NoiseTunnel`) around any attribution method: `attribute` runs on
/// `samples` copies of `input`, each with Gaussian noise of `standardDeviation` added to every
/// element, and the attributions are combined as `type` says. Noise smooths the gradient's
/// element-to-element jitter, which makes saliency maps of deep models readable.
///
/// ```swift
/// var generator = RandomGenerator(seed: 0)
/// let smooth = noiseTunnel(.smoothGrad, input: embeddings, samples: 20, standardDeviation: 0.1, using: &generator) { noisy in
///     saliency(input: noisy, targets: targets, model: model).values
/// }
/// ```
///
/// - Parameters:
///   - type: how the samples' attributions are combined (SmoothGrad by default).
///   - input: `[B, …]` continuous input (embeddings, features).
///   - samples: the number of noisy copies attributed.
///   - standardDeviation: the standard deviation of the Gaussian noise added to each element.
///   - generator: draws the noise.
///   - attribute: the method, from a noisy copy `[B, …]` to attributions of the same shape.
/// - Returns: attributions shaped like `input`.
public func noiseTunnel(_ type: NoiseTunnelType = .smoothGrad, input: Tensor, samples: Int = 5, standardDeviation: Float = 1,
                        using generator: inout RandomGenerator, attribute: (Tensor) -> Tensor) -> Tensor {
    strandPrecondition(samples > 0, "noiseTunnel: samples must be positive, got \(samples)")
    strandPrecondition(standardDeviation >= 0, "noiseTunnel: standardDeviation must not be negative, got \(standardDeviation)")
    let noise = (0..<samples).map { _ in Tensor.normal(input.shape, standardDeviation: standardDeviation, using: &generator) }
    return noiseTunnel(type, input: input, noise: noise, attribute: attribute)
}

/// NoiseTunnel with the noise given: `noise[k]` is added to `input` for the k-th sample.
func noiseTunnel(_ type: NoiseTunnelType, input: Tensor, noise: [Tensor], attribute: (Tensor) -> Tensor) -> Tensor {
    var sum = Tensor.zeros(input.shape), sumOfSquares = Tensor.zeros(input.shape)
    for sampleNoise in noise {
        let attributions = attribute(input + sampleNoise)
        strandPrecondition(attributions.shape == input.shape, "noiseTunnel: the method returned \(attributions.shape) for an input of \(input.shape)")
        sum += attributions
        sumOfSquares += attributions * attributions
    }
    let count = Float(noise.count)
    switch type {
    case .smoothGrad: return sum / count
    case .smoothGradSquared: return sumOfSquares / count
    case .varGrad: return sumOfSquares / count - (sum / count) * (sum / count)
    }
}
