import NN
import Tensor

extension ProcessGroup {
    /// Adds the sums of `metrics` and `sums` over the ranks, so that every rank's metrics (and
    /// `sums`) hold the figures of all ranks' validation batches together — DDP users' manual
    /// `all_reduce` of loss and counts. One all-reduce for the lengths, one for the sums.
    ///
    /// Every metric must be a `SummableMetric` (accuracy, F1, perplexity are), and every rank must
    /// pass the same metrics in the same order.
    public func reduce(_ metrics: [any Metric], sums: inout [Double]) {
        let summable = metrics.map { metric -> any SummableMetric in
            guard let summable = metric as? any SummableMetric else {
                strandPreconditionFailure("ProcessGroup.reduce: metric \(metric.name) (\(type(of: metric))) cannot be combined across ranks; adopt SummableMetric")
            }
            return summable
        }
        var lengths = [Double(sums.count)] + summable.map { Double($0.sums.count) }
        allReduce(&lengths, .max)
        var flat = sums + [Double](repeating: 0, count: Int(lengths[0]) - sums.count)
        for (metric, length) in zip(summable, lengths.dropFirst()) {
            flat += metric.sums + [Double](repeating: 0, count: Int(length) - metric.sums.count)
        }
        allReduce(&flat)
        var rest = flat[...]
        sums = Array(rest.prefix(Int(lengths[0])))
        rest = rest.dropFirst(Int(lengths[0]))
        for (metric, length) in zip(summable, lengths.dropFirst()) {
            metric.sums = Array(rest.prefix(Int(length)))
            rest = rest.dropFirst(Int(length))
        }
    }
}
