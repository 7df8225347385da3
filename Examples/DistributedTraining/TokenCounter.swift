import Distributed
import Foundation
import Strand

/// Counts the tokens this rank trains on and the time its training passes take, then reports
/// them per rank and, summed over the ranks, for the whole run.
final class TokenCounter: LearnerCallback {
    private(set) var tokens = 0
    private(set) var seconds = 0.0
    private var started = Date()

    func beforeTrain<Batch, Output>(_ learner: Learner<Batch, Output>) { started = Date() }

    func afterBatch<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass, let batch = learner.batch as? PaddedBatch else { return }
        tokens += batch.lengths.reduce(0, +)
    }

    func afterTrain<Batch, Output>(_ learner: Learner<Batch, Output>) { seconds += Date().timeIntervalSince(started) }

    /// Prints this rank's tokens per second, then (rank 0) the run's: all ranks' tokens over the
    /// slowest rank's time, since every step waits for the slowest.
    func report(_ group: ProcessGroup) {
        print(String(format: "rank %d: %d training tokens in %.1f s, %.0f tokens/s", group.rank, tokens, seconds, Double(tokens) / seconds))
        var total = [Double(tokens)], slowest = [seconds]
        group.allReduce(&total)
        group.allReduce(&slowest, .max)
        if group.isMain {
            print(String(format: "global: %.0f training tokens in %.1f s on %d process(es), %.0f tokens/s", total[0], slowest[0], group.worldSize, total[0] / slowest[0]))
        }
    }
}
