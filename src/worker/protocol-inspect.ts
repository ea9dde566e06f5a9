// The protocol's Inspect requests and answers: where a view finds weights, the image it asks about, and what
// comes back. Types only; the views' results themselves are in inspect/types.ts.
import type { Architecture } from '../model/layers';
import type { Prediction as ImagePrediction, SaliencyMap } from './inspect/types';
import type { ModelSource } from './protocol';

/** Where an inspect request finds weights: a model (ModelSource), or a run's snapshot of one epoch (its arch to rebuild the model). */
export type InspectSource = ModelSource | { runId: string; epoch: number; arch: Architecture };

/** One image as the dataset keeps it: H x W x C bytes at the model's input size. */
export interface InspectImage {
  pixels: Uint8Array;
}

export interface InspectActivationsRequest extends InspectImage {
  /** Only these layers (Keras names); all when absent. */
  layers?: string[];
  channelOffset?: number;
  channelLimit?: number;
}

export interface InspectConvRequest extends InspectImage {
  layer: string;
  filter: number;
}
export interface InspectPoolRequest extends InspectImage {
  layer: string;
  channel: number;
}
export interface InspectConfusionRequest {
  datasetId: string;
  split: 'val' | 'test';
  batchSize?: number;
}
export interface InspectPredictRequest extends InspectImage {
  method: 'saliency' | 'grad-cam';
}
export interface InspectPrediction {
  prediction: ImagePrediction;
  saliency: SaliencyMap;
}

export interface SnapshotInfo {
  epoch: number;
  bytes: number;
  layers: string[];
  skipped: string[];
}
export interface SnapshotList {
  runId: string;
  snapshots: SnapshotInfo[];
  /** Bytes all kept snapshots take, and the bound per run. */
  bytes: number;
  boundBytes: number;
}
