// A kept TensorFlow.js base built as a fresh functional tf.LayersModel, synchronously like the Keras bases
// (buildModel is synchronous): its topology is deserialized once per worker (prepareTfjsBase, async, from the
// kept file) and each build deserializes a copy with the model's preprocessing mode and trainable flags.
// Weights start as the file's initializers make them; putKeptBaseWeights puts the kept ones in.
import * as tf from '@tensorflow/tfjs';
import type { TfjsBaseLayer } from '../../../model/layers';
import { dataFailure } from '../../questions';
import { inferenceWhenFrozen } from './frozen';

interface Prepared {
  config: tf.serialization.ConfigDict;
  preprocessLayer: string;
}

const prepared = new Map<string, Prepared>();

/** Makes a kept base buildable in this worker from tfjs' own config of it (no tensor made: no backend needed). */
export function prepareTfjsBase(fileName: string, config: tf.serialization.ConfigDict, preprocessLayer: string): void {
  prepared.set(fileName, { config, preprocessLayer });
}

export const isTfjsBasePrepared = (fileName: string): boolean => prepared.has(fileName);
export const forgetTfjsBase = (fileName: string): boolean => prepared.delete(fileName);

type LayerConfigDict = { name?: string; config?: { name?: string; mode?: string } };

export function buildTfjsBase(layer: TfjsBaseLayer): tf.LayersModel {
  const p = prepared.get(layer.tfjs.file);
  // A run or a view of a model whose base is not kept here (a project file or link from another browser).
  if (!p)
    throw dataFailure(
      `The TensorFlow.js base '${layer.tfjs.file}' is not kept in this browser.`,
      'Model > TensorFlow.js model as a base: drop its model.json and weight files there (the same model), then try again.',
    );
  const config = structuredClone(p.config);
  const pre = (config.layers as LayerConfigDict[]).find((l) => (l.name ?? l.config?.name) === p.preprocessLayer);
  pre!.config!.mode = layer.tfjs.preprocess;
  // Container.fromConfig: what modelFromJSON does after its (async) start, here synchronously.
  const model = tf.LayersModel.fromConfig(tf.LayersModel, config) as tf.LayersModel;
  const own = model.layers.filter((l) => l.name !== p.preprocessLayer && l.getClassName() !== 'InputLayer');
  const start = layer.fineTuneFrom === null ? -1 : own.findIndex((l) => l.name === layer.fineTuneFrom);
  own.forEach((l, i) => {
    l.trainable = start >= 0 && i >= start;
    if (l.getClassName() === 'BatchNormalization') inferenceWhenFrozen(l);
  });
  return model;
}
