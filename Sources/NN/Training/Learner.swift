import Autograd
import Foundation
import Tensor

/// fastai's training workflow for any model and batch: epochs of training batches with a progress
/// bar showing the smoothed loss, validation with metrics after each epoch, an epoch table
/// (`epoch train_loss valid_loss <metrics> time`), callbacks at every boundary, a recorder of
/// losses and hyper-parameters, layer groups that can be frozen, discriminative learning rates,
/// and the one-cycle policy (``fitOneCycle(epochs:maxLearningRate:divisor:finalDivisor:pctStart:weightDecay:momentums:callbacks:)``),
/// ``fineTune(epochs:baseLearningRate:freezeEpochs:learningRateMultiplier:pctStart:divisor:)`` and
/// the learning-rate finder (``findLearningRate(start:end:iterations:stopsOnDivergence:)``).
///
/// A learner knows a model through three functions: `forward` runs it on a batch (in training or
/// evaluation mode, as the learner sets), `loss` turns its output into the loss to minimise, and
/// `scores` (optional) gives the scores and targets that metrics compare.
///
/// ```swift
/// let learner = Learner(model: model, data: DataLoaders(train: trainBatches, valid: validBatches),
///                       forward: { model($0.ids) },
///                       loss: { logits, batch in CrossEntropyLoss()(logits, batch.labels!) },
///                       scores: { logits, batch in (logits.value, batch.labels!) },
///                       metrics: [Accuracy()])
/// learner.fitOneCycle(epochs: 3, maxLearningRate: 1e-2)
/// ```
public final class Learner<Batch, Output> {
    public let model: Module
    public var data: DataLoaders<Batch>
    /// One optimiser parameter group per layer group.
    public let optimizer: Optimizer
    /// The parameters of each layer group, first (closest to the input) to last (the head).
    public let layerGroups: [[Parameter]]
    public var metrics: [any Metric]
    public private(set) var callbacks: [any LearnerCallback]
    public let recorder = Recorder()
    /// The rate ``fit(epochs:learningRate:weightDecay:callbacks:)`` and ``fitOneCycle(epochs:maxLearningRate:divisor:finalDivisor:pctStart:weightDecay:momentums:callbacks:)`` use when given none (fastai's `lr`, 1e-3).
    public var learningRate: LearningRates
    /// The momentums (Adam's β1) of the one-cycle schedule: start, middle, end (fastai's `moms`;
    /// its text learners use (0.8, 0.7, 0.8)).
    public var momentums: (Float, Float, Float) = (0.95, 0.85, 0.95)
    /// Whether normalisation layers keep training while their group is frozen (fastai's `train_bn`).
    public var trainsFrozenNormalization = true
    /// Where the epoch table goes (standard output by default).
    public var log: (String) -> Void = { print($0) }
    /// Whether each epoch draws a progress bar on standard error.
    public var showsProgress = true

    // MARK: The loop's state, for callbacks

    /// The epoch running now, from 0.
    public private(set) var epoch = 0
    /// The number of epochs of this fit.
    public private(set) var epochCount = 0
    /// The batch running now, from 0 in each training or validation pass.
    public private(set) var iteration = 0
    /// Training batches per epoch.
    public private(set) var batchesPerEpoch = 0
    /// Training batches finished in this fit (fastai's `train_iter`).
    public private(set) var trainIteration = 0
    /// Whether the loop is in a training pass (false during validation).
    public private(set) var isTrainingPass = false
    /// The validation pass's running sum of batch losses (each times its batch's weight) and the
    /// sum of the weights; the pass reports their ratio after `afterValidate`, so a callback there
    /// may replace them (a distributed run adds the other processes' sums).
    package var validationLossSums: (loss: Double, weight: Int) = (0, 0)
    /// The batch running now, and the model's output on it once `afterPred` runs.
    public private(set) var batch: Batch?
    public private(set) var output: Output?
    /// What the backward pass runs on: set after the loss function, and callbacks' `afterLoss`
    /// may add terms (AR/TAR) that the recorded ``batchLoss`` does not include.
    public var loss: Variable?
    /// The loss function's value on the current batch.
    public private(set) var batchLoss: Float = .nan

    /// The fraction of this fit's training batches done (fastai's `pct_train`).
    public var trainingProgress: Double {
        Double(trainIteration) / Double(max(epochCount * batchesPerEpoch, 1))
    }

    private let forwardPass: (Batch) -> Output
    private let lossFunction: (Output, Batch) -> Variable
    let scoring: ((Output, Batch) -> (scores: Tensor, targets: IntTensor))?
    /// The callbacks of the running fit, sorted by order.
    private var running: [any LearnerCallback] = []

    /// - Parameters:
    ///   - model: the module trained; the learner switches it between training and evaluation mode.
    ///   - data: the training batches of each epoch and the validation batches.
    ///   - forward: runs the model on a batch.
    ///   - loss: the loss to minimise, from the model's output and its batch.
    ///   - scores: the scores and target classes that metrics compare, from the output and its
    ///     batch; nil: validation reports the loss only.
    ///   - metrics: computed over the validation batches after each epoch (they need `scores`).
    ///   - layerGroups: the parameter groups that freezing and discriminative rates act on (all of
    ///     the model's parameters in one group by default).
    ///   - makeOptimizer: builds the optimiser from one group per layer group (fastai's Adam by default).
    ///   - learningRate: the rates fits use when given none (fastai's `lr`, 1e-3).
    ///   - decaysNormAndBias: whether weight decay also applies to normalisation layers and biases
    ///     (fastai's `wd_bn_bias`, false by default).
    ///   - callbacks: callbacks that run in every fit.
    public init(model: Module, data: DataLoaders<Batch>, forward: @escaping (Batch) -> Output,
                loss: @escaping (Output, Batch) -> Variable,
                scores: ((Output, Batch) -> (scores: Tensor, targets: IntTensor))? = nil,
                metrics: [any Metric] = [], layerGroups: [[Parameter]]? = nil,
                optimizer makeOptimizer: ([ParameterGroup]) -> Optimizer = { fastaiAdam($0) },
                learningRate: LearningRates = 1e-3, decaysNormAndBias: Bool = false, callbacks: [any LearnerCallback] = []) {
        self.model = model
        self.data = data
        forwardPass = forward
        lossFunction = loss
        scoring = scores
        self.metrics = metrics
        self.layerGroups = layerGroups ?? [model.parameters()]
        strandPrecondition(!self.layerGroups.isEmpty, "Learner: needs at least one layer group")
        optimizer = makeOptimizer(self.layerGroups.map { ParameterGroup($0) })
        strandPrecondition(optimizer.groups.count == self.layerGroups.count,
                           "Learner: the optimiser has \(optimizer.groups.count) groups for \(self.layerGroups.count) layer groups")
        if !decaysNormAndBias { optimizer.exemptFromWeightDecay = Set(model.normAndBiasParameters().map(ObjectIdentifier.init)) }
        self.learningRate = learningRate
        self.callbacks = callbacks
    }

    /// Adds callbacks that run in every later fit.
    public func add(_ callbacks: any LearnerCallback...) {
        self.callbacks += callbacks
    }

    /// Removes the callbacks of type `type` (the AR/TAR regulariser, say).
    public func remove<Callback: LearnerCallback>(_ type: Callback.Type) {
        callbacks.removeAll { $0 is Callback }
    }

    // MARK: Fitting

    /// Trains for `epochs` epochs at constant rates (`learningRate`, or the learner's), optionally
    /// setting every group's weight decay first. Extra `callbacks` run in this fit only. Returns
    /// the epoch records (also in ``recorder``).
    @discardableResult
    public func fit(epochs: Int, learningRate: LearningRates? = nil, weightDecay: Float? = nil,
                    callbacks extra: [any LearnerCallback] = []) -> [EpochRecord] {
        strandPrecondition(epochs >= 0, "Learner.fit: epochs must not be negative, got \(epochs)")
        setLearningRates(learningRate ?? self.learningRate)
        if let weightDecay { for group in optimizer.groups.indices { optimizer.groups[group].weightDecay = weightDecay } }
        running = (callbacks + extra).enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
        defer { running = [] }
        (epochCount, trainIteration) = (epochs, 0)
        recorder.reset()
        let firstBatches = data.train(0)
        batchesPerEpoch = firstBatches.count
        do throws(TrainingInterruption) {
            try stage(cancelledBy: .cancelFit, after: { _ in }) { () throws(TrainingInterruption) in
                try event { learner, callback throws(TrainingInterruption) in try callback.beforeFit(learner) }
                // After `beforeFit`, which may redirect the log (a distributed run's other ranks keep quiet).
                log((["epoch", "train_loss", "valid_loss"] + metrics.map(\.name) + ["time"]).joined(separator: "  "))
                for epoch in 0..<epochs { try runEpoch(epoch, batches: epoch == 0 ? firstBatches : data.train(epoch)) }
            }
        } catch {
            // A callback's interruption of a finer stage that escaped its stage ends the fit too.
        }
        for callback in running { callback.afterFit(self) }
        return recorder.epochs
    }

    /// Sets each group's learning rate from `rates`.
    public func setLearningRates(_ rates: LearningRates) {
        for (group, rate) in rates.values(groups: optimizer.groups.count).enumerated() { optimizer.groups[group].learningRate = rate }
    }

    private func runEpoch(_ epoch: Int, batches: [Batch]) throws(TrainingInterruption) {
        self.epoch = epoch
        let start = Date()
        var validation: ValidationResult?
        try stage(cancelledBy: .cancelEpoch, after: { learner throws(TrainingInterruption) in
            learner.recordEpoch(validation, seconds: Date().timeIntervalSince(start))
            try learner.event { learner, callback throws(TrainingInterruption) in try callback.afterEpoch(learner) }
        }) { () throws(TrainingInterruption) in
            try event { learner, callback throws(TrainingInterruption) in try callback.beforeEpoch(learner) }
            try train(batches)
            validation = try validatePass(data.valid)
        }
    }

    private func train(_ batches: [Batch]) throws(TrainingInterruption) {
        model.train()
        isTrainingPass = true
        let bar = showsProgress ? ProgressBar("epoch \(epoch)", total: batches.count) : nil
        try stage(cancelledBy: .cancelTrain, after: { learner throws(TrainingInterruption) in
            bar?.finish()
            try learner.event { learner, callback throws(TrainingInterruption) in try callback.afterTrain(learner) }
        }) { () throws(TrainingInterruption) in
            try event { learner, callback throws(TrainingInterruption) in try callback.beforeTrain(learner) }
            for (index, batch) in batches.enumerated() {
                iteration = index
                try runBatch(batch)
                bar?.update(index + 1, detail: String(format: "loss %.4f", recorder.smoothLoss))
            }
        }
    }

    /// One batch: forward, loss, and in a training pass backward and an optimiser step.
    private func runBatch(_ batch: Batch) throws(TrainingInterruption) {
        self.batch = batch
        (output, loss, batchLoss) = (nil, nil, .nan)
        try stage(cancelledBy: .cancelBatch, after: { learner throws(TrainingInterruption) in
            if learner.isTrainingPass {
                learner.trainIteration += 1
                if !learner.batchLoss.isNaN { learner.recorder.recordBatch(loss: learner.batchLoss, groups: learner.optimizer.groups) }
            }
            try learner.event { learner, callback throws(TrainingInterruption) in try callback.afterBatch(learner) }
        }) { () throws(TrainingInterruption) in
            try event { learner, callback throws(TrainingInterruption) in try callback.beforeBatch(learner) }
            let output = Denormals.withFlushToZero { isTrainingPass ? forwardPass(batch) : withoutGradients { forwardPass(batch) } }
            self.output = output
            try event { learner, callback throws(TrainingInterruption) in try callback.afterPred(learner) }
            let value = Denormals.withFlushToZero { isTrainingPass ? lossFunction(output, batch) : withoutGradients { lossFunction(output, batch) } }
            (loss, batchLoss) = (value, value.item)
            try event { learner, callback throws(TrainingInterruption) in try callback.afterLoss(learner) }
            guard isTrainingPass, let loss else { return }
            optimizer.zeroGrad()
            Denormals.withFlushToZero { loss.backward() }
            try event { learner, callback throws(TrainingInterruption) in try callback.beforeStep(learner) }
            optimizer.step()
        }
    }

    // MARK: Validation

    /// The mean loss (batches weighted by their number of sequences) and each metric's value.
    public struct ValidationResult {
        public let loss: Float
        public let metrics: [(name: String, value: Double)]

        /// The value of the metric called `name`.
        public subscript(metric name: String) -> Double? { metrics.first { $0.name == name }?.value }
    }

    /// Runs `batches` (the validation batches by default) in evaluation mode without gradients,
    /// with the callbacks' `beforeValidate`/`afterValidate` (so stateful models are reset), and
    /// returns the loss and metrics.
    public func validate(_ batches: [Batch]? = nil) -> ValidationResult {
        let outer = running
        if running.isEmpty { running = callbacks.sorted { $0.order < $1.order } }
        defer { running = outer }
        let result = try? validatePass(batches ?? data.valid)
        return result ?? ValidationResult(loss: .nan, metrics: metrics.map { ($0.name, .nan) })
    }

    private func validatePass(_ batches: [Batch]) throws(TrainingInterruption) -> ValidationResult? {
        model.eval()
        isTrainingPass = false
        for metric in metrics { metric.reset() }
        validationLossSums = (0, 0)
        var completed = false
        try stage(cancelledBy: .cancelValidation, after: { learner throws(TrainingInterruption) in
            try learner.event { learner, callback throws(TrainingInterruption) in try callback.afterValidate(learner) }
        }) { () throws(TrainingInterruption) in
            try event { learner, callback throws(TrainingInterruption) in try callback.beforeValidate(learner) }
            for (index, batch) in batches.enumerated() {
                iteration = index
                try runBatch(batch)
                guard let output, !batchLoss.isNaN else { continue }
                let evaluated = scoring.map { scoring in
                    let (scores, targets) = scoring(output, batch)
                    return EvaluatedBatch(logits: scores, targets: targets, loss: batchLoss)
                }
                let batchWeight = evaluated?.weight ?? 1
                validationLossSums.loss += Double(batchLoss) * Double(batchWeight)
                validationLossSums.weight += batchWeight
                if let evaluated { for metric in metrics { metric.accumulate(evaluated) } }
            }
            completed = true
        }
        guard completed else { return nil }
        let (total, weight) = validationLossSums
        return ValidationResult(loss: weight == 0 ? .nan : Float(total / Double(weight)), metrics: metrics.map { ($0.name, $0.value) })
    }

    /// The model's output on `batch`, in evaluation mode without gradients.
    public func predict(_ batch: Batch) -> Output {
        model.eval()
        return Denormals.withFlushToZero { withoutGradients { forwardPass(batch) } }
    }

    // MARK: Layer groups

    /// Freezes layer groups `0..<n` and unfreezes the rest; a negative `n` counts from the end
    /// (`freezeTo(-1)`: train only the last group). Normalisation layers keep training if
    /// ``trainsFrozenNormalization``. The optimiser's state is cleared, as fastai does.
    public func freezeTo(_ n: Int) {
        let frozenCount = min(max(n >= 0 ? n : layerGroups.count + n, 0), layerGroups.count)
        let normalization = trainsFrozenNormalization ? Set(model.normalizationParameters().map(ObjectIdentifier.init)) : []
        for (index, group) in layerGroups.enumerated() {
            for parameter in group { parameter.requiresGrad = index >= frozenCount || normalization.contains(ObjectIdentifier(parameter)) }
        }
        optimizer.clearState()
    }

    /// Trains only the last layer group (fastai's `freeze`).
    public func freeze() { freezeTo(-1) }

    /// Trains every layer group.
    public func unfreeze() { freezeTo(0) }

    // MARK: Plumbing

    /// Runs `event` for each callback of the running fit, in order.
    func event(_ event: (Learner, any LearnerCallback) throws(TrainingInterruption) -> Void) throws(TrainingInterruption) {
        for callback in running { try event(self, callback) }
    }

    /// Runs `body`; an interruption of kind `kind` ends it early, others pass up; `after` runs
    /// unless another kind passed up (fastai's `_with_events`).
    private func stage(cancelledBy kind: TrainingInterruption, after: (Learner) throws(TrainingInterruption) -> Void,
                       _ body: () throws(TrainingInterruption) -> Void) throws(TrainingInterruption) {
        do {
            try body()
        } catch where error == kind {
        }
        try after(self)
    }

    private func recordEpoch(_ validation: ValidationResult?, seconds: Double) {
        let record = EpochRecord(epoch: epoch, trainLoss: recorder.smoothLoss, validLoss: validation?.loss ?? .nan,
                                 metrics: validation?.metrics ?? metrics.map { ($0.name, .nan) }, seconds: seconds)
        recorder.recordEpoch(record)
        let minutes = Int(seconds) / 60
        let fields = [String(format: "%5d", epoch), String(format: "%10.6f", record.trainLoss), String(format: "%10.6f", record.validLoss)]
            + record.metrics.map { String(format: "%\(max($0.name.count, 8)).6f", $0.value) }
            + [String(format: "%02d:%02d", minutes, Int(seconds) % 60)]
        log(fields.joined(separator: "  "))
    }
}

/// fastai's default optimiser: Adam with β2 0.99, ε 1e-5 and decoupled weight decay 0.01
/// (`Adam(mom=0.9, sqr_mom=0.99, eps=1e-5, wd=0.01)`), which is AdamW with those settings.
public func fastaiAdam(_ groups: [ParameterGroup], learningRate: Float = 1e-3, weightDecay: Float = 0.01) -> Optimizer {
    AdamW(groups: groups, learningRate: learningRate, betas: (0.9, 0.99), epsilon: 1e-5, weightDecay: weightDecay)
}
