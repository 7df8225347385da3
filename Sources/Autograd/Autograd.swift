// The Autograd module: reverse-mode differentiation over `Tensor`.
// Its graph, operations and gradient checker are built in the Autograd issue; until then the module
// only makes the layer below available to those importing it.
@_exported import Tensor
