// The plain-data requests and results of the inspect functions, for the
// worker protocol and the page's views. Type-only re-exports: importing this
// file loads no tfjs (they are erased at build time).
export type { KernelSet, KernelsRequest } from './kernels';
export type { ActivationsRequest, LayerActivation } from './activations';
export type { ConvExplainData, ConvExplainRequest } from './conv-explain';
export type { PoolExplainData, PoolExplainRequest } from './pool-explain';
export type { ConfusionRequest, ConfusionResult, WrongImage } from './confusion';
export type { Prediction, PredictRequest } from './predict';
export type { SaliencyMap, SaliencyRequest } from './saliency';
export type { EpochSnapshot, SnapshotLayer, SnapshotLayerKind, SnapshotTensor } from './snapshots';
