import Foundation
import Tensor

/// Learning rates for a model's parameter groups, as fastai writes them: one rate for every group,
/// a geometric spread from a low rate for the first group to a high one for the last
/// (`slice(low, high)`: discriminative fine-tuning, low rates for the general early layers), or
/// the high rate for the last group and a tenth of it for the others (`slice(high)`).
public struct LearningRates: ExpressibleByFloatLiteral, Sendable, Equatable {
    enum Spread: Sendable, Equatable { case same(Float), geometric(Float, Float), upTo(Float) }
    let spread: Spread

    /// The same rate for every group.
    public init(_ rate: Float) { spread = .same(rate) }

    public init(floatLiteral value: Float) { self.init(value) }

    private init(_ spread: Spread) { self.spread = spread }

    /// `low` for the first group to `high` for the last, each group's rate a constant factor
    /// above the one before (fastai's `slice(low, high)`).
    public static func spread(_ low: Float, _ high: Float) -> LearningRates {
        strandPrecondition(low > 0 && high > 0, "LearningRates.spread: rates must be positive, got \(low) and \(high)")
        return LearningRates(.geometric(low, high))
    }

    /// `high` for the last group, `high / 10` for the others (fastai's `slice(high)`).
    public static func upTo(_ high: Float) -> LearningRates { LearningRates(.upTo(high)) }

    /// The rate of each of `groups` groups (fastai's `even_mults`, in double precision).
    public func values(groups: Int) -> [Float] {
        switch spread {
        case .same(let rate): return Array(repeating: rate, count: groups)
        case .upTo(let high): return Array(repeating: high / 10, count: max(groups - 1, 0)) + [high]
        case .geometric(let low, let high):
            guard groups > 1 else { return [high] }
            let step = Foundation.pow(Double(high) / Double(low), 1 / Double(groups - 1))
            return (0..<groups).map { Float(Double(low) * Foundation.pow(step, Double($0))) }
        }
    }
}
