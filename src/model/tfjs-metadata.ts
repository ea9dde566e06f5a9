// metadata.json beside an exported model.json, as Teachable Machine writes it: the class names in output
// order ("labels") and the image size, so whoever loads the model with plain TensorFlow.js knows what each
// output means and what to feed it; the lab's import reads the labels back. Pure.
import type { Architecture } from './layers';

export const METADATA_JSON = 'metadata.json';

export interface ModelMetadata {
  /** Class names, in the order of the model's outputs (for one sigmoid unit: [negative, positive]). */
  labels: string[];
  /** Teachable Machine's field: the square side; height and width below say it exactly. */
  imageSize: number;
  imageHeight: number;
  imageWidth: number;
  imageChannels: number;
  modelName: string;
  packageName: 'Convnet Lab';
  timeStamp: string;
  tfjsVersion: string;
  userMetadata: { augmentation: 'left out (training only)' | 'kept (needs the lab to load)'; pixels: string };
}

export function makeMetadata(
  labels: readonly string[],
  arch: Architecture,
  options: { modelName: string; tfjsVersion: string; stripAugmentation: boolean; now: Date },
): ModelMetadata {
  const { height, width, channels } = arch.input;
  return {
    labels: [...labels],
    imageSize: Math.max(height, width),
    imageHeight: height,
    imageWidth: width,
    imageChannels: channels,
    modelName: options.modelName,
    packageName: 'Convnet Lab',
    timeStamp: options.now.toISOString(),
    tfjsVersion: options.tfjsVersion,
    userMetadata: {
      augmentation: options.stripAugmentation ? 'left out (training only)' : 'kept (needs the lab to load)',
      pixels: `${channels === 1 ? 'grey' : 'RGB'} values 0-255, as the model's own Rescaling layer expects them`,
    },
  };
}

/** The labels of a metadata.json, when it holds one name per class of the model; else null. */
export function labelsFromMetadata(text: string, numClasses: number): string[] | null {
  try {
    const json = JSON.parse(text) as { labels?: unknown };
    const labels = json.labels;
    if (!Array.isArray(labels) || labels.length !== numClasses) return null;
    return labels.every((l) => typeof l === 'string' && l.length > 0) ? (labels as string[]) : null;
  } catch {
    return null;
  }
}
