// The Interpret module: hook relevance, (layer) integrated gradients, saliency, occlusion, views.
// Built in the Interpret issue; until then it only makes the layers below available.
@_exported import NN
