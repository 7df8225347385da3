import Autograd
import Foundation
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct LearnerFixture: Decodable {
    struct Schedule: Decodable { let lrs: [[Double]]; let moms: [[Double]]; let trainable: [[Bool]]? }
    struct Finder: Decodable { let lrs: [Double]; let losses: [Double]; let group_lrs: [[Double]]; let valley, minimum, steep: Double }
    struct AdamStep: Decodable { let lr, mom: Float; let grad, after: [Float] }
    struct Adam: Decodable { let initial: [Float]; let shape: [Int]; let steps: [AdamStep] }
    struct Slice: Decodable { let groups: Int; let low, high: Float; let spread, up_to: [Double] }
    let fit_one_cycle, fine_tune: Schedule
    let lr_find: Finder
    let adam: Adam
    let slices: [Slice]
}

/// Records every group's rate and momentum at each training batch across fits, and which groups
/// train at the start of each fit, as the fixture script's callback does.
final class HyperParameterLog: LearnerCallback {
    var rates: [[Float]] = [], momentums: [[Float]] = [], trainable: [[Bool]] = []

    func beforeFit<Batch, Output>(_ learner: Learner<Batch, Output>) {
        trainable.append(learner.layerGroups.map { $0.allSatisfy(\.requiresGrad) })
    }

    func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass else { return }
        rates.append(learner.optimizer.groups.map(\.learningRate))
        momentums.append(learner.optimizer.groups.map(\.momentum))
    }
}

/// The fixture's model: three linear layers, one layer group each, five batches of eight per epoch.
func threeGroupLearner() -> Learner<(Tensor, Tensor), Variable> {
    RandomGenerator.manualSeed(4)
    let (first, second, third) = (Linear(4, 6), Linear(6, 5), Linear(5, 1))
    let model = Sequential(first, ReLU(), second, ReLU(), third)
    let batches = (0..<5).map { _ in
        let x = Tensor.normal([8, 4])
        return (x, (x.sum(axis: 1, keepDims: true) .> 0))
    }
    let learner = Learner(model: model, data: DataLoaders(train: batches, valid: Array(batches.prefix(2))),
                          forward: { model(Variable($0.0)) }, loss: { BCEWithLogitsLoss()($0, $1.1) },
                          layerGroups: [first.parameters(), second.parameters(), third.parameters()])
    learner.log = { _ in }
    learner.showsProgress = false
    return learner
}

func expectClose(_ actual: [[Float]], _ expected: [[Double]], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(name): \(actual.count) batches, fastai \(expected.count)", sourceLocation: sourceLocation)
    for (batch, (row, reference)) in zip(actual, expected).enumerated() {
        for (value, target) in zip(row, reference) where Swift.abs(Double(value) - target) > 1e-6 * Swift.max(Swift.abs(target), 1e-12) {
            Issue.record("\(name), batch \(batch): \(value), fastai \(target)", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct LearnerScheduleTests {
    let fixture: LearnerFixture

    init() throws {
        fixture = try loadFixture(LearnerFixture.self, named: "learner", in: .module)
    }

    @Test func fitOneCycleSchedulesEveryGroupAsFastai() {
        let learner = threeGroupLearner()
        learner.fitOneCycle(epochs: 2, maxLearningRate: .spread(1e-3, 1e-2))
        expectClose(learner.recorder.learningRates, fixture.fit_one_cycle.lrs, "learning rates")
        expectClose(learner.recorder.momentums, fixture.fit_one_cycle.moms, "momentums")
    }

    @Test func fineTuneFreezesThenSpreadsRatesAsFastai() {
        let learner = threeGroupLearner()
        let log = HyperParameterLog()
        learner.add(log)
        learner.fineTune(epochs: 2, baseLearningRate: 2e-3)
        expectClose(log.rates, fixture.fine_tune.lrs, "learning rates")
        expectClose(log.momentums, fixture.fine_tune.moms, "momentums")
        #expect(log.trainable == fixture.fine_tune.trainable)
    }

    @Test func theLearningRateFinderGrowsRatesAsFastaiAndPutsTheWeightsBack() {
        let learner = threeGroupLearner()
        let before = learner.model.stateDict().map(\.1)
        let result = learner.findLearningRate(iterations: 20, stopsOnDivergence: false)
        expectClose(learner.recorder.learningRates, fixture.lr_find.group_lrs, "learning rates")
        #expect(result.learningRates.count == 20)
        #expect(learner.model.stateDict().map(\.1) == before)
        // The suggestions, from fastai's own recorded rates and losses.
        let window = 2..<(fixture.lr_find.losses.count - 5)
        let rates = fixture.lr_find.lrs[window].map(Float.init), losses = fixture.lr_find.losses[window].map(Float.init)
        #expect(Swift.abs(Double(valleySuggestion(rates, losses).learningRate) / fixture.lr_find.valley - 1) < 1e-6)
        #expect(Swift.abs(Double(steepSuggestion(rates, losses).learningRate) / fixture.lr_find.steep - 1) < 1e-6)
        #expect(Swift.abs(Double(rates[losses.indices.min { losses[$0] < losses[$1] }!] / 10) / fixture.lr_find.minimum - 1) < 1e-6)
    }

    @Test func fastaiAdamFollowsScheduledMomentum() {
        let adam = fixture.adam
        let parameter = Parameter(Tensor(shape: adam.shape, scalars: adam.initial))
        let optimizer = fastaiAdam([ParameterGroup([parameter])], learningRate: 1e-2)
        for (index, step) in adam.steps.enumerated() {
            (optimizer.groups[0].learningRate, optimizer.groups[0].momentum) = (step.lr, step.mom)
            parameter.grad = Tensor(shape: adam.shape, scalars: step.grad)
            optimizer.step()
            expectMatches(parameter.value, Tensor(shape: adam.shape, scalars: step.after), tolerance: 1e-5, "step \(index + 1)")
        }
    }

    @Test func slicesSpreadRatesAsFastai() {
        for slice in fixture.slices {
            expectClose([LearningRates.spread(slice.low, slice.high).values(groups: slice.groups)], [slice.spread], "spread over \(slice.groups)")
            expectClose([LearningRates.upTo(slice.high).values(groups: slice.groups)], [slice.up_to], "up to, \(slice.groups) groups")
        }
        #expect(LearningRates(3e-3).values(groups: 2) == [3e-3, 3e-3])
    }
}

/// Interrupts at a chosen point and records the events it sees.
final class Interrupter: LearnerCallback {
    var events: [String] = []
    let interruption: TrainingInterruption?
    let atBatch: Int

    init(_ interruption: TrainingInterruption?, atBatch: Int = 1) {
        self.interruption = interruption
        self.atBatch = atBatch
    }

    func beforeBatch<Batch, Output>(_ learner: Learner<Batch, Output>) throws(TrainingInterruption) {
        events.append(learner.isTrainingPass ? "batch \(learner.iteration)" : "valid \(learner.iteration)")
        if learner.isTrainingPass, learner.iteration == atBatch, let interruption { throw interruption }
    }

    func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) { events.append("after batch") }
    func afterTrain<Batch, Output>(_ learner: Learner<Batch, Output>) { events.append("after train") }
    func afterValidate<Batch, Output>(_ learner: Learner<Batch, Output>) { events.append("after validate") }
    func afterEpoch<Batch, Output>(_ learner: Learner<Batch, Output>) { events.append("after epoch") }
    func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) { events.append("after fit") }
}

@Suite struct LearnerLoopTests {
    @Test func interruptionsSkipTheirStageAndTheAfterEventsStillRun() {
        let expectations: [(TrainingInterruption?, [String])] = [
            (.cancelBatch, ["batch 0", "after batch", "batch 1", "after batch", "batch 2", "after batch"]),
            // A coarser interruption passes through the finer stages without their `after` events, as in fastai.
            (.cancelTrain, ["batch 0", "after batch", "batch 1", "after train", "valid 0"]),
            (.cancelEpoch, ["batch 0", "after batch", "batch 1", "after epoch", "after fit"]),
            (.cancelFit, ["batch 0", "after batch", "batch 1", "after fit"]),
        ]
        for (interruption, prefix) in expectations {
            let learner = threeGroupLearner()
            let interrupter = Interrupter(interruption)
            learner.fit(epochs: 1, callbacks: [interrupter])
            #expect(Array(interrupter.events.prefix(prefix.count)) == prefix, "\(String(describing: interruption))")
            #expect(interrupter.events.last == "after fit")
        }
        // A cancelled batch takes no step: only four of five batches trained.
        let learner = threeGroupLearner()
        learner.fit(epochs: 1, callbacks: [Interrupter(.cancelBatch)])
        #expect(learner.recorder.batchLosses.count == 4 && learner.trainIteration == 5)
    }

    @Test func freezingKeepsNormalizationTrainingAndBiasesOutOfWeightDecay() {
        let (linear, norm, head) = (Linear(3, 4), BatchNorm1d(4), Linear(4, 2))
        let model = Sequential(linear, norm, head)
        let learner = Learner(model: model, data: DataLoaders(train: [Tensor.normal([6, 3])], valid: []),
                              forward: { model(Variable($0)) }, loss: { output, _ in output.sum() },
                              layerGroups: [linear.parameters() + norm.parameters(), head.parameters()])
        learner.freeze()
        #expect(!linear.weight.requiresGrad && !linear.bias!.requiresGrad && norm.weight!.requiresGrad && head.weight.requiresGrad)
        learner.unfreeze()
        #expect(model.parameters().filter { !$0.requiresGrad }.isEmpty)
        learner.freezeTo(-2)
        #expect(model.parameters().filter { !$0.requiresGrad }.isEmpty)

        // With a zero gradient only weight decay moves a parameter: weights shrink, biases and BatchNorm stay.
        let (weight, bias, scale) = (head.weight.value, head.bias!.value, norm.weight!.value)
        for parameter in model.parameters() { parameter.grad = Tensor.zeros(parameter.shape) }
        learner.optimizer.groups[1].learningRate = 0.5
        learner.optimizer.groups[0].learningRate = 0.5
        learner.optimizer.step()
        expectMatches(head.weight.value, weight * (1 - 0.5 * 0.01), tolerance: 1e-6, "decayed weight")
        #expect(head.bias!.value == bias && norm.weight!.value == scale)
    }

    @Test func metricsCountTokensAndClassesWithoutAConfusionMatrix() {
        // A language model's scores [B, T, V] against targets [B, T].
        let scores = Tensor(shape: [1, 3, 4], scalars: [0, 5, 0, 0, /**/ 9, 0, 0, 0, /**/ 0, 0, 0, 7])
        let batch = EvaluatedBatch(logits: scores, targets: IntTensor([[1, 2, 3]]), loss: 2)
        let accuracy = Accuracy(), f1 = F1Score(average: .macro), perplexity = Perplexity()
        for metric in [accuracy, f1, perplexity] as [any Metric] { metric.accumulate(batch) }
        #expect(Swift.abs(accuracy.value - 2.0 / 3) < 1e-12)
        // Classes 0, 1, 2, 3 seen: F1 0, 1, 0, 1.
        #expect(Swift.abs(f1.value - 0.5) < 1e-12)
        #expect(Swift.abs(perplexity.value - Foundation.exp(2)) < 1e-9)
        // One score per target: a binary classifier, positive above 0.
        let binary = F1Score()
        binary.accumulate(EvaluatedBatch(logits: Tensor([2, -1, 3, -2]), targets: IntTensor([1, 1, 0, 0]), loss: 0))
        #expect(Swift.abs(binary.value - 0.5) < 1e-12)
    }
}

@Suite struct LearnerExportTests {
    @Test func anExportLoadsIntoAFreshModelWithItsVocabulary() throws {
        struct Words: Codable, Equatable { let tokens: [String] }
        let learner = threeGroupLearner()
        learner.fit(epochs: 1)
        let directory = try temporaryDirectory()
        try learner.export(to: directory, vocabulary: Words(tokens: ["xxunk", "xxpad", "movie"]))
        RandomGenerator.manualSeed(99)
        let fresh = Sequential(Linear(4, 6), ReLU(), Linear(6, 5), ReLU(), Linear(5, 1))
        #expect(fresh.stateDict().map(\.1) != learner.model.stateDict().map(\.1))
        #expect(try fresh.loadExport(from: directory, vocabulary: Words.self) == Words(tokens: ["xxunk", "xxpad", "movie"]))
        #expect(fresh.stateDict().map(\.1) == learner.model.stateDict().map(\.1))
        #expect(throws: (any Error).self) { try Linear(4, 2).loadExport(from: directory, vocabulary: Words.self) }
    }
}
