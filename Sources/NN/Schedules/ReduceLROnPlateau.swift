import Tensor

/// Lowers the learning rate when a monitored value stops improving, like
/// `torch.optim.lr_scheduler.ReduceLROnPlateau` with its defaults (mode min, factor 0.1,
/// patience 10, relative threshold 1e-4, cooldown 0, minimum rate 0, eps 1e-8).
public final class ReduceLROnPlateau {
    public enum Mode: Sendable { case min, max }
    public enum ThresholdMode: Sendable { case relative, absolute }

    public let optimizer: Optimizer
    public let mode: Mode
    public let factor: Float
    public let patience: Int
    public let threshold: Float
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minimumLearningRate: Float
    public let epsilon: Float

    /// The best value seen so far.
    public private(set) var best: Float
    /// Steps since the last improvement.
    public private(set) var badSteps = 0
    private var cooldownRemaining = 0

    public init(_ optimizer: Optimizer, mode: Mode = .min, factor: Float = 0.1, patience: Int = 10, threshold: Float = 1e-4,
                thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimumLearningRate: Float = 0, epsilon: Float = 1e-8) {
        strandPrecondition(factor < 1, "ReduceLROnPlateau: factor must be below 1, got \(factor)")
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
        self.epsilon = epsilon
        best = mode == .min ? .infinity : -.infinity
    }

    /// Records this step's monitored value (for example the validation loss) and lowers the
    /// learning rates after more than `patience` steps without improvement.
    public func step(_ value: Float) {
        if isBetter(value) {
            best = value
            badSteps = 0
        } else {
            badSteps += 1
        }
        if cooldownRemaining > 0 {
            cooldownRemaining -= 1
            badSteps = 0
        }
        if badSteps > patience {
            reduce()
            cooldownRemaining = cooldown
            badSteps = 0
        }
    }

    private func isBetter(_ value: Float) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): return value < best * (1 - threshold)
        case (.min, .absolute): return value < best - threshold
        case (.max, .relative): return value > best * (1 + threshold)
        case (.max, .absolute): return value > best + threshold
        }
    }

    private func reduce() {
        for index in optimizer.groups.indices {
            let old = optimizer.groups[index].learningRate
            let new = Swift.max(old * factor, minimumLearningRate)
            if old - new > epsilon { optimizer.groups[index].learningRate = new }
        }
    }
}

/// As a learner callback: steps on each epoch's validation loss.
extension ReduceLROnPlateau: LearnerCallback {
    public func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        if let record = learner.recorder.epochs.last, !record.validLoss.isNaN { step(record.validLoss) }
    }
}
