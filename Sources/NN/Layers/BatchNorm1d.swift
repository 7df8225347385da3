import Autograd
import Tensor

/// Batch normalisation over `[N, C]` or `[N, C, L]` inputs, like `torch.nn.BatchNorm1d`.
///
/// In training it normalises with the batch's mean and (biased) variance per channel and updates
/// the running statistics: `running = (1 − momentum)·running + momentum·batch`, the variance term
/// unbiased (÷ n − 1). In evaluation it normalises with the running statistics.
///
/// Parameters: `weight` (ones), `bias` (zeros) `[C]` when `affine`.
/// Buffers: `running_mean` (zeros), `running_var` (ones) `[C]`, `num_batches_tracked` (an integer).
public final class BatchNorm1d: Module, Layer {
    public let numFeatures: Int
    public let epsilon: Float
    public let momentum: Float
    public let weight: Parameter?
    public let bias: Parameter?
    public let runningMean: Buffer
    public let runningVar: Buffer
    public let numBatchesTracked: Buffer

    public init(_ numFeatures: Int, epsilon: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true) {
        self.numFeatures = numFeatures
        self.epsilon = epsilon
        self.momentum = momentum
        weight = affine ? Parameter(Tensor.ones([numFeatures])) : nil
        bias = affine ? Parameter(Tensor.zeros([numFeatures])) : nil
        runningMean = Buffer(Tensor.zeros([numFeatures]))
        runningVar = Buffer(Tensor.ones([numFeatures]))
        numBatchesTracked = Buffer(IntTensor(0))
    }

    public func forward(_ x: Variable) -> Variable {
        strandPrecondition((x.rank == 2 || x.rank == 3) && x.shape[1] == numFeatures,
                           "BatchNorm1d(\(numFeatures)): expects [N, \(numFeatures)] or [N, \(numFeatures), L], got \(x.shape)")
        // Channels last, every other axis flattened into rows: statistics are per column.
        let channelsLast = x.rank == 3 ? x.transposed(1, 2) : x
        let rows = channelsLast.reshaped([-1, numFeatures])
        let normalized: Variable
        if isTraining {
            let mean = rows.mean(axis: 0, keepDims: true)
            let centered = rows - mean
            let variance = (centered * centered).mean(axis: 0, keepDims: true)
            normalized = centered / sqrt(variance + epsilon)
            updateRunningStatistics(mean: mean.value, biasedVariance: variance.value, count: rows.shape[0])
        } else {
            normalized = (rows - Variable(runningMean.tensor)) / Variable(sqrt(runningVar.tensor + epsilon))
        }
        var y = normalized
        if let weight, let bias { y = y * weight + bias }
        y = y.reshaped(channelsLast.shape)
        return x.rank == 3 ? y.transposed(1, 2) : y
    }

    private func updateRunningStatistics(mean: Tensor, biasedVariance: Tensor, count: Int) {
        let unbiased = biasedVariance * (Float(count) / Float(Swift.max(count - 1, 1)))
        runningMean.value = .float(runningMean.tensor * (1 - momentum) + mean.reshaped([numFeatures]) * momentum)
        runningVar.value = .float(runningVar.tensor * (1 - momentum) + unbiased.reshaped([numFeatures]) * momentum)
        if case .int(let batches) = numBatchesTracked.value { numBatchesTracked.value = .int(IntTensor(batches.item + 1)) }
    }

    public override var extraDescription: String {
        "\(numFeatures), eps=\(epsilon), momentum=\(momentum), affine=\(weight == nil ? "False" : "True"), bias=\(bias == nil ? "False" : "True"), track_running_stats=True"
    }
}
