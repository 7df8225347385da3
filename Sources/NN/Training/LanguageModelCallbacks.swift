import Autograd

/// A model that carries state from batch to batch (a language model's hidden states) and can
/// forget it.
public protocol StatefulModel: AnyObject {
    func reset()
}

/// Resets a ``StatefulModel`` before each training and validation pass and after fitting —
/// fastai's `ModelResetter`, so an epoch never starts from the last one's hidden states.
public final class ModelResetter: LearnerCallback {
    public init() {}

    public func beforeTrain<Batch, Output>(_ learner: Learner<Batch, Output>) { (learner.model as? StatefulModel)?.reset() }
    public func beforeValidate<Batch, Output>(_ learner: Learner<Batch, Output>) { (learner.model as? StatefulModel)?.reset() }
    public func afterFit<Batch, Output>(_ learner: Learner<Batch, Output>) { (learner.model as? StatefulModel)?.reset() }
}

/// Adds AR (`alpha`) and TAR (`beta`) to the training loss of a model whose output is a
/// ``RecurrentActivations`` (``LanguageModelOutput``) — fastai's `RNNRegularizer` (α 2, β 1 in its
/// text learners). The recorded loss does not include them.
public final class RNNRegularizer: LearnerCallback {
    public let alpha: Float, beta: Float

    public init(alpha: Float = 2, beta: Float = 1) {
        self.alpha = alpha
        self.beta = beta
    }

    public func afterLoss<Batch, Output>(_ learner: Learner<Batch, Output>) {
        guard learner.isTrainingPass, let loss = learner.loss, let output = learner.output as? any RecurrentActivations else { return }
        var total = loss
        if alpha != 0 { total = total + activationRegularization(output.dropped, alpha: alpha) }
        if beta != 0 { total = total + temporalActivationRegularization(output.raw, beta: beta) }
        learner.loss = total
    }
}

/// A model output that carries its last recurrent layer's activations, raw and after dropout,
/// for AR/TAR.
public protocol RecurrentActivations {
    var raw: Variable { get }
    var dropped: Variable { get }
}

extension LanguageModelOutput: RecurrentActivations {}
extension AWDLSTMLanguageModel: StatefulModel {}
extension AWDLSTM: StatefulModel {}
