// Test fixtures made by the tests themselves: a small functional tfjs model shaped like Teachable Machine's
// truncated MobileNet v1 (Conv2D, BatchNormalization, ReLU6, DepthwiseConv2D, ending in conv_pw_13_relu) with
// seeded random weights, saved by tfjs itself (tf.io.withSaveHandler) as model.json + weight bytes, alone or
// wrapped as Teachable Machine exports it (a Sequential: the feature model, then a trained head).
import * as tf from '@tensorflow/tfjs';

export interface TfjsFiles {
  modelJson: string;
  weights: Uint8Array;
}

/** The feature model: 3 channels in at `size`, (size/2) x (size/2) x 16 out, 5 layers with weights. */
export function featureModel(size = 32, seed = 7): tf.LayersModel {
  const init = (k: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: seed + k });
  const input = tf.input({ shape: [size, size, 3], name: 'input_1' });
  const chain: tf.layers.Layer[] = [
    tf.layers.conv2d({
      name: 'conv1',
      filters: 8,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init(1),
    }),
    tf.layers.batchNormalization({ name: 'conv1_bn', epsilon: 1e-3 }),
    tf.layers.reLU({ name: 'conv1_relu', maxValue: 6 }),
    tf.layers.depthwiseConv2d({
      name: 'conv_dw_1',
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      depthwiseInitializer: init(2),
    }),
    tf.layers.batchNormalization({ name: 'conv_dw_1_bn', epsilon: 1e-3 }),
    tf.layers.conv2d({ name: 'conv_pw_1', filters: 16, kernelSize: 1, kernelInitializer: init(3) }),
    tf.layers.reLU({ name: 'conv_pw_13_relu', maxValue: 6 }),
  ];
  const x = chain.reduce((t, l) => l.apply(t) as tf.SymbolicTensor, input);
  const model = tf.model({ inputs: input, outputs: x, name: 'model_1' });
  // Moving statistics away from 0 and 1, so inference mode differs from training mode.
  tf.tidy(() => {
    for (const l of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
      const [gamma, beta, mean, variance] = l.getWeights();
      const n = gamma!.shape[0]!;
      l.setWeights([
        tf.randomUniform([n], 0.5, 1.5, 'float32', seed),
        tf.randomUniform([n], -0.5, 0.5, 'float32', seed + 1),
        tf.randomUniform([n], -0.3, 0.3, 'float32', seed + 2),
        tf.randomUniform([n], 0.5, 2, 'float32', seed + 3),
      ]);
      void beta;
      void mean;
      void variance;
    }
  });
  return model;
}

/** Teachable Machine's shape: Sequential [feature model, head Sequential [GlobalAveragePooling2D, Dense softmax]]. */
export function teachableMachineModel(features: tf.LayersModel, classes = 2): tf.Sequential {
  const head = tf.sequential({
    name: 'sequential_3',
    layers: [
      tf.layers.globalAveragePooling2d({ inputShape: features.outputs[0]!.shape.slice(1) as number[], name: 'gap' }),
      tf.layers.dense({ units: classes, activation: 'softmax', name: 'dense_Dense2' }),
    ],
  });
  const model = tf.sequential({ name: 'sequential_4' });
  model.add(features);
  model.add(head);
  return model;
}

/** model.json and its weight bytes as tfjs writes them (weights.bin, as Teachable Machine names it). */
export async function saveTfjs(model: tf.LayersModel, bin = 'weights.bin'): Promise<TfjsFiles> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  const a = saved as unknown as tf.io.ModelArtifacts;
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [bin], weights: a.weightSpecs }],
  });
  return { modelJson, weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData!)) };
}
