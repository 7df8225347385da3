// The TextData module: tokenisers, vocabularies, datasets, batching and word vectors.
// Built in the TextData issue; until then it only makes the layers below available.
@_exported import NN
