// The bases on the WASM backend with the lab's kernels (VGG16's deep 3x3 layers as Winograd F(4x4, 3x3),
// src/kernels/wasm/winograd.ts) give the features keras.applications computed, as they do on the CPU backend
// (set-weights.test.ts): fewer multiplies must not mean other features.
import { describe, it } from 'vitest';
import { runThisFileOnWasm } from '../../../kernels/wasm/test-helpers';
import { expectKerasFeatures, KERAS_FORWARD_CASES } from './keras-forward-test-helpers';

runThisFileOnWasm();

describe("a base's features on WASM", () => {
  it.each(KERAS_FORWARD_CASES)(
    '%s: the features keras.applications computes with the same weights (1e-4 relative)',
    (key, ref, h, w) => expectKerasFeatures(key, ref, h, w),
  );
  it.each(KERAS_FORWARD_CASES)(
    "%s folded as fast feature extraction runs it (BatchNormalization into the convolution): Keras' features",
    (key, ref, h, w) => expectKerasFeatures(key, ref, h, w, 'folded'),
  );
});
