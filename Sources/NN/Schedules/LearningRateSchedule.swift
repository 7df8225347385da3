/// A schedule that sets its optimiser's learning rates at each ``step()`` — what
/// ``SequentialLR`` chains. (``ReduceLROnPlateau`` steps on a metric and is not one.)
public protocol LearningRateSchedule: AnyObject {
    /// Advances one step (an epoch or a batch, as the schedule is used) and sets the rates.
    func step()
}

extension OneCycleLR: LearningRateSchedule {}
