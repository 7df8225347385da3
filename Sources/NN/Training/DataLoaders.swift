/// A learner's data: each epoch's training batches (a function of the epoch, so samplers can
/// reshuffle) and the validation batches — fastai's `DataLoaders`.
public struct DataLoaders<Batch> {
    /// The training batches of an epoch.
    public let train: (_ epoch: Int) -> [Batch]
    public let valid: [Batch]

    public init(train: @escaping (_ epoch: Int) -> [Batch], valid: [Batch]) {
        self.train = train
        self.valid = valid
    }

    /// The same training batches every epoch.
    public init(train: [Batch], valid: [Batch]) {
        self.init(train: { _ in train }, valid: valid)
    }
}
