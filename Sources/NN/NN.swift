// The NN module: modules with hooks, layers, losses, optimisers, schedules and serialization.
// Built in the NN issue; until then it only makes the layers below available.
@_exported import Autograd
