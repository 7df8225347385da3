// TextData builds on NN (embedding layers from word vectors) and re-exports it, so
// `import TextData` is enough for a text model.
@_exported import NN
