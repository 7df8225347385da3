import Autograd
import NN
import Tensor

/// Averages the gradients of `parameters` over the ranks during backward — DDP's reducer.
///
/// The parameters are cut into buckets of at most ``bucketBytes`` (DDP's `bucket_cap_mb`, 25 MiB
/// by default; a parameter larger than that gets a bucket of its own), in reverse order, which is
/// about the order backward produces their gradients. A gradient hook on each parameter copies
/// its gradient into its bucket; once a bucket is full its in-place all-reduce starts
/// (`MPI_Iallreduce`) while backward goes on. A bucket starts only after every bucket before it,
/// so all ranks start the same operations in the same order, as MPI requires. ``synchronize()``,
/// before the optimiser step, waits for them and writes the averages into each parameter's `grad`.
///
/// One backward pass per step: a gradient arriving twice before ``synchronize()`` is a
/// precondition failure (accumulate gradients by summing losses instead).
public final class GradientReducer {
    /// The ranks the gradients are averaged over.
    public let group: ProcessGroup
    /// The largest bucket, in bytes.
    public let bucketBytes: Int
    /// The parameters averaged, in the order given.
    public let parameters: [Parameter]

    private let buckets: [GradientBucket]
    /// Where each parameter's gradient goes: its bucket and its offset there, in elements.
    private let slots: [ObjectIdentifier: (bucket: Int, offset: Int)]
    private var hooks: [HookHandle] = []
    /// The first bucket whose all-reduce has not started in this step.
    private var nextToStart = 0
    /// How many buckets' all-reduces started during the last step's backward pass (the others
    /// started in ``synchronize()``): the part of the communication that could overlap backward.
    public private(set) var bucketsStartedDuringBackward = 0

    /// Buckets `parameters` and hooks their gradients.
    ///
    /// - Parameters:
    ///   - parameters: the parameters trained, the same on every rank (frozen ones left out).
    ///   - group: the ranks the gradients are averaged over.
    ///   - bucketBytes: the largest bucket in bytes (25 MiB by default, as DDP's).
    public init(parameters: [Parameter], group: ProcessGroup, bucketBytes: Int = 25 * 1024 * 1024) {
        strandPrecondition(bucketBytes > 0, "GradientReducer: bucketBytes must be positive, got \(bucketBytes)")
        (self.parameters, self.group, self.bucketBytes) = (parameters, group, bucketBytes)
        var members: [[(Parameter, Int)]] = [[]]
        var (slots, used) = ([ObjectIdentifier: (bucket: Int, offset: Int)](), 0)
        for parameter in parameters.reversed() where slots[ObjectIdentifier(parameter)] == nil {
            let bytes = parameter.value.count * MemoryLayout<Float>.stride
            if used > 0 && used + bytes > bucketBytes { (members, used) = (members + [[]], 0) }
            slots[ObjectIdentifier(parameter)] = (members.count - 1, used / MemoryLayout<Float>.stride)
            members[members.count - 1].append((parameter, used / MemoryLayout<Float>.stride))
            used += bytes
        }
        buckets = members.filter { !$0.isEmpty }.enumerated().map { GradientBucket(index: $0.offset, members: $0.element) }  // none for no parameters
        self.slots = slots
        hooks = buckets.flatMap(\.members).map { parameter, _ in  // each parameter once, even if listed twice
            let id = ObjectIdentifier(parameter)
            return parameter.registerHook { [weak self] gradient in
                self?.receive(gradient, for: id)
                return nil
            }
        }
    }

    deinit {
        detach()
        // MPI may still be writing into a bucket (a fit cancelled between backward and the step):
        // its buffer must outlive the operation.
        for bucket in buckets where !group.isFinalized { bucket.pending?.wait(in: group) }
    }

    /// The number of buckets.
    public var bucketCount: Int { buckets.count }

    /// The number of elements of each bucket.
    public var bucketSizes: [Int] { buckets.map(\.buffer.count) }

    /// Waits for every bucket's all-reduce (starting those that backward did not fill: a parameter
    /// that got no gradient on this rank counts as zero, as in DDP) and sets each parameter's
    /// `grad` to the average over the ranks. A parameter no rank had a gradient for keeps none.
    public func synchronize() {
        bucketsStartedDuringBackward = nextToStart
        for bucket in buckets[nextToStart...] { bucket.zeroMissing() }
        startBuckets(upTo: buckets.count)
        let scale = 1 / Float(group.worldSize)
        for bucket in buckets {
            bucket.pending?.wait(in: group)
            bucket.writeAverages(scale: scale)
            bucket.reset()
        }
        nextToStart = 0
    }

    /// Waits for any all-reduce in flight and forgets this step's gradients (a cancelled batch).
    public func discard() {
        for bucket in buckets {
            bucket.pending?.wait(in: group)
            bucket.reset()
        }
        nextToStart = 0
    }

    /// Removes the gradient hooks; the reducer does nothing more.
    public func detach() {
        for hook in hooks { hook.remove() }
        hooks = []
    }

    /// A hook's gradient: copied into its bucket, then every full bucket whose turn it is starts,
    /// and those in flight get a chance to progress.
    private func receive(_ gradient: Tensor, for id: ObjectIdentifier) {
        guard let (index, offset) = slots[id] else { return }
        buckets[index].store(gradient, for: id, at: offset)
        var end = nextToStart
        while end < buckets.count && buckets[end].isFull { end += 1 }
        startBuckets(upTo: end)
        for bucket in buckets[..<nextToStart] { _ = bucket.pending?.poll(in: group) }
    }

    private func startBuckets(upTo end: Int) {
        while nextToStart < end {
            let bucket = buckets[nextToStart]
            bucket.pending = group.startAllReduce(bucket.buffer, label: "all-reduce of gradient bucket \(bucket.index) (\(bucket.buffer.count) floats)")
            nextToStart += 1
        }
    }
}
