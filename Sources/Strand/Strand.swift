// Strand: one import for every module.
@_exported import Autograd
@_exported import Interpret
@_exported import NN
@_exported import Tensor
@_exported import TextData
