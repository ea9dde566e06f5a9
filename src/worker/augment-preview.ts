// The augmentation preview, worker side: `count` augmented copies of one image
// made by the code path training uses. The stack's leading augmentation
// layers are built by augmentationLayer() with the seeds buildModel gives them
// (run seed + layer index), and a batch of copies goes through them in
// training mode at the model's pixel scale; the result is scaled back to bytes.
// So a preview with the run's seed shows the augmentations of its first batch
// of this image, and the same seed always shows the same images.
import * as tf from '@tensorflow/tfjs';
import { leadingAugmentations } from '../model/layers';
import { kerasNames } from '../model/names';
import { pixelScale } from '../model/training';
import { augmentPreviewProblem, type AugmentPreviewRequest, type AugmentPreviewResponse } from '../model/augmentation';
import { augmentationLayer } from './model/augment';

export type { AugmentPreviewRequest, AugmentPreviewResponse, PreviewImage } from '../model/augmentation';

export function augmentSamples(req: AugmentPreviewRequest): AugmentPreviewResponse {
  const problem = augmentPreviewProblem(req);
  if (problem) throw new Error(problem);
  const { arch, image, count, seed } = req;
  const names = kerasNames(arch.layers.map((l) => l.type));
  const layers = leadingAugmentations(arch.layers)
    .filter((_, k) => req.enabled[k] !== false)
    .map((i) => augmentationLayer(arch.layers[i]!, { name: names[i] }, seed + i)!);
  const scale = pixelScale(arch);
  const size = image.height * image.width * image.channels;
  const bytes = tf.tidy(() => {
    const one = tf.mul(
      tf.tensor4d(Float32Array.from(image.pixels), [1, image.height, image.width, image.channels]),
      scale,
    );
    let x = tf.tile(one, [count, 1, 1, 1]);
    for (const layer of layers) x = layer.apply(x, { training: true }) as tf.Tensor4D;
    return tf.clipByValue(tf.round(tf.div(x, scale)), 0, 255).dataSync();
  });
  for (const layer of layers) if (layer.built) layer.dispose();
  return Array.from({ length: count }, (_, i) => Uint8Array.from(bytes.subarray(i * size, (i + 1) * size)));
}
