import Foundation
import Autograd
@testable import NN
import StrandTestSupport
import Tensor
import Testing

struct ScheduleFixture: Decodable {
    struct Config: Decodable {
        let lr: Float?
        let step_size: Int?
        let gamma: Float?
        let start_factor: Float?
        let total_iters: Int?
        let optimizer: String?
        let max_lr: Float?
        let total_steps: Int?
        let factor: Float?
        let patience: Int?
        let cooldown: Int?
        let min_lr: Float?
    }
    struct Case: Decodable {
        let kind: String
        let config: Config
        let lrs: [[Double]]
        let momenta: [[Double]]?
        let metrics: [Float]?
    }
    let cases: [Case]
}

@Suite struct ScheduleTests {
    func expectSequence(_ actual: [Float], _ expected: [[Double]], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(name): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        for (step, (a, e)) in zip(actual, expected.map { $0[0] }).enumerated() where Swift.abs(Double(a) - e) > 1e-6 * Swift.max(Swift.abs(e), 1e-3) {
            Issue.record("\(name) step \(step): \(a) vs \(e)", sourceLocation: sourceLocation)
            return
        }
    }

    static let fixture = Result { try loadFixture(ScheduleFixture.self, named: "schedules", in: .module) }

    @Test func theFixtureHolds6Cases() throws {
        #expect(try Self.fixture.get().cases.count == 6)
    }

    /// One test per case, so a failing case does not hide the others.
    @Test(arguments: 0..<6) func scheduleGivesPyTorchsSequence(index: Int) throws {
        let fixture = try Self.fixture.get()
        let testCase = try #require(fixture.cases.indices.contains(index) ? fixture.cases[index] : nil)
        let config = testCase.config
        let parameter = Parameter(Tensor([0]))
        var rates: [Float] = []
        var momenta: [Float] = []
        switch testCase.kind {
        case "step":
            let optimizer = SGD([parameter], learningRate: config.lr!)
            let schedule = StepLR(optimizer, stepSize: config.step_size!, gamma: config.gamma!)
            rates.append(optimizer.groups[0].learningRate)
            for _ in 0..<10 { schedule.step(); rates.append(optimizer.groups[0].learningRate) }
        case "linear":
            let optimizer = SGD([parameter], learningRate: config.lr!)
            let schedule = LinearLR(optimizer, startFactor: config.start_factor!, totalSteps: config.total_iters!)
            rates.append(optimizer.groups[0].learningRate)
            for _ in 0..<7 { schedule.step(); rates.append(optimizer.groups[0].learningRate) }
        case "one_cycle":
            let optimizer: Optimizer = config.optimizer == "sgd" ? SGD([parameter], learningRate: 0.1, momentum: 0.9) : Adam([parameter], learningRate: 0.1)
            let schedule = OneCycleLR(optimizer, maxLearningRate: config.max_lr!, totalSteps: config.total_steps!)
            rates.append(optimizer.groups[0].learningRate)
            momenta.append(optimizer.groups[0].momentum)
            for _ in 0..<19 {
                schedule.step()
                rates.append(optimizer.groups[0].learningRate)
                momenta.append(optimizer.groups[0].momentum)
            }
            expectSequence(momenta, testCase.momenta!, "one-cycle momentum (\(config.optimizer!))")
        default:
            let optimizer = SGD([parameter], learningRate: config.lr!)
            let schedule = ReduceLROnPlateau(optimizer, factor: config.factor ?? 0.1, patience: config.patience ?? 10,
                                             cooldown: config.cooldown ?? 0, minimumLearningRate: config.min_lr ?? 0)
            for metric in testCase.metrics! {
                schedule.step(metric)
                rates.append(optimizer.groups[0].learningRate)
            }
        }
        expectSequence(rates, testCase.lrs, "\(testCase.kind) \(config)")
    }
}

/// ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, LambdaLR and SequentialLR against
/// PyTorch (`Fixtures/make_annealing_fixtures.py`), on two groups with base rates 0.1 and 0.5.
@Suite struct AnnealingScheduleTests {
    struct Fixture: Decodable {
        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let kind: String
            let config: [String: Double]
            let lrs: [[Double]]

            var testDescription: String { "\(kind) \(config)" }
        }
        let cases: [Case]
    }

    static let cases = (try? loadFixture(Fixture.self, named: "annealing_schedules", in: .module).cases) ?? []

    @Test func theFixtureHolds6Cases() {
        #expect(Self.cases.count == 6)
    }

    @Test(arguments: cases) func scheduleGivesPyTorchsRates(_ testCase: Fixture.Case) throws {
        let optimizer = SGD(groups: [ParameterGroup([Parameter(Tensor([0]))], learningRate: 0.1), ParameterGroup([Parameter(Tensor([0]))], learningRate: 0.5)],
                            learningRate: 1)
        let config = testCase.config
        let schedule: LearningRateSchedule
        switch testCase.kind {
        case "exponential": schedule = ExponentialLR(optimizer, gamma: Float(config["gamma"]!))
        case "cosine": schedule = CosineAnnealingLR(optimizer, period: Int(config["period"]!), minimumLearningRate: Float(config["eta_min"]!))
        case "warm_restarts":
            schedule = CosineAnnealingWarmRestarts(optimizer, firstPeriod: Int(config["first_period"]!), periodMultiplier: Int(config["multiplier"]!),
                                                   minimumLearningRate: Float(config["eta_min"]!))
        case "lambda": schedule = LambdaLR(optimizer) { step in Float(pow(config["base"]!, Double(step))) }
        default:
            let warmup = Int(config["warmup"]!)
            schedule = SequentialLR(optimizer, milestones: [warmup], schedules: [
                { LinearLR($0, startFactor: Float(config["start_factor"]!), totalSteps: warmup) },
                { CosineAnnealingLR($0, period: Int(config["period"]!), minimumLearningRate: Float(config["eta_min"]!)) },
            ])
        }
        var rates = [optimizer.groups.map(\.learningRate)]
        for _ in 1..<testCase.lrs.count {
            schedule.step()
            rates.append(optimizer.groups.map(\.learningRate))
        }
        for (step, (actual, expected)) in zip(rates, testCase.lrs).enumerated() {
            for (a, e) in zip(actual, expected) where Swift.abs(Double(a) - e) > 1e-6 * Swift.max(Swift.abs(e), 1e-3) {
                Issue.record("step \(step): \(actual) vs PyTorch's \(expected)")
            }
        }
    }
}
