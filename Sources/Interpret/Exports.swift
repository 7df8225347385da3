// Interpret works on any NN module and re-exports NN, so `import Interpret` is enough to explain a model.
@_exported import NN
