// Every layer's output for one image (feature maps), in inference mode, in
// one pass through the layers. Values are channel-major (channel c is one
// H x W map, contiguous) so the page draws a channel without gathering it, and
// large layers come a page of channels at a time (cats-vs-dogs' first Conv2D
// alone is 178 x 178 x 32 floats = 4 MB).
import * as tf from '@tensorflow/tfjs';
import { allOutputs, imageTensor, kerasShape, readAll } from './forward';
import { innerOutputs, ownerIndex, shownInner } from './nested';

export interface ActivationsRequest {
  /** H x W x C bytes, as in the dataset. */
  pixels: Uint8Array;
  /** pixelScale(arch). */
  scale: number;
  /** Only these layers (Keras names); all when absent. */
  layers?: string[];
  /** First channel to return, per layer. Default 0. */
  channelOffset?: number;
  /** At most this many channels per layer. Default all. */
  channelLimit?: number;
}

export interface LayerActivation {
  name: string;
  className: string;
  /** Keras' output shape, e.g. [null, 26, 26, 32]. */
  shape: (number | null)[];
  /** Spatial size of one map (1 x 1 for a flat layer: each unit is one "channel"). */
  height: number;
  width: number;
  /** All channels the layer has. */
  channels: number;
  /** The channels returned: [channelOffset, channelOffset + returned). */
  channelOffset: number;
  returned: number;
  /** returned x height x width, channel-major. */
  values: Float32Array;
  /** Per returned channel. */
  min: Float32Array;
  max: Float32Array;
  mean: Float32Array;
}

export async function activationsOf(model: tf.LayersModel, req: ActivationsRequest): Promise<LayerActivation[]> {
  const wanted = req.layers ? new Set(req.layers) : null;
  const missing = req.layers?.filter((n) => ownerIndex(model, n) < 0) ?? [];
  if (missing.length) throw new Error(`The model has no layer ${missing.map((n) => `"${n}"`).join(', ')}.`);
  const offset = Math.max(0, Math.floor(req.channelOffset ?? 0));
  const limit = req.channelLimit === undefined ? Infinity : Math.max(0, Math.floor(req.channelLimit));
  // Stop after the last wanted layer: the rest of the model need not run.
  const end = wanted ? Math.max(...[...wanted].map((n) => ownerIndex(model, n) + 1)) : model.layers.length;
  type Page = Omit<LayerActivation, 'values' | 'min' | 'max' | 'mean'>;
  const pages: Page[] = [];
  const tensors: Record<string, tf.Tensor> = {};
  tf.tidy(() => {
    const x = imageTensor(model, req.pixels, req.scale);
    const outs = allOutputs(model, x, end);
    // A pretrained base stands for its own layers (Keras names); the base itself only when asked by name.
    const entries: { layer: tf.layers.Layer; out: tf.Tensor }[] = [];
    outs.forEach((out, i) => {
      const layer = model.layers[i]!;
      if (!(layer instanceof tf.LayersModel)) return entries.push({ layer, out });
      const inner = shownInner(layer);
      if (!wanted || inner.some((l) => wanted.has(l.name)))
        innerOutputs(layer, i === 0 ? x : outs[i - 1]!).forEach((o, j) => entries.push({ layer: inner[j]!, out: o }));
      if (wanted?.has(layer.name)) entries.push({ layer, out });
    });
    entries.forEach(({ layer, out }) => {
      if (wanted && !wanted.has(layer.name)) return;
      const spatial = out.rank === 4;
      const [height, width, channels] = spatial ? out.shape.slice(1) : [1, 1, out.size];
      const from = Math.min(offset, channels!);
      const returned = Math.min(limit, channels! - from);
      const page = spatial
        ? tf
            .slice(out as tf.Tensor4D, [0, 0, 0, from], [1, height!, width!, returned])
            .squeeze([0])
            .transpose([2, 0, 1])
        : tf.slice(out.reshape([channels!]), [from], [returned]);
      const perChannel = page.reshape([returned, height! * width!]);
      const k = pages.length;
      pages.push({
        name: layer.name,
        className: layer.getClassName(),
        shape: kerasShape(layer),
        height: height!,
        width: width!,
        channels: channels!,
        channelOffset: from,
        returned,
      });
      tensors[`v${k}`] = tf.keep(page);
      tensors[`lo${k}`] = tf.keep(returned ? perChannel.min(1) : tf.zeros([0]));
      tensors[`hi${k}`] = tf.keep(returned ? perChannel.max(1) : tf.zeros([0]));
      tensors[`mu${k}`] = tf.keep(returned ? perChannel.mean(1) : tf.zeros([0]));
    });
  });
  const values = await readAll(tensors);
  return pages.map((p, k) => ({
    ...p,
    values: values[`v${k}`]!,
    min: values[`lo${k}`]!,
    max: values[`hi${k}`]!,
    mean: values[`mu${k}`]!,
  }));
}
