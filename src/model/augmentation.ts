// The augmentation preview's request, as plain data both sides share: the page
// sends it (through the worker bridge) and the worker's augmentSamples answers
// with `count` augmented copies of one image. Pure: no tfjs.
import { leadingAugmentations, type Architecture } from './layers';
import { kerasNames } from './names';
import { layerParamProblem } from './params';

/** One image as the dataset stores it: bytes 0-255, height × width × channels. */
export interface PreviewImage {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

export interface AugmentPreviewRequest {
  arch: Architecture;
  image: PreviewImage;
  /** How many augmented copies (the preview shows at least 9). */
  count: number;
  /** The run seed to preview; a re-roll sends another. */
  seed: number;
  /** One entry per leading augmentation layer (leadingAugmentations order); false leaves it out, missing means on. */
  enabled: boolean[];
}

/** `count` images, each height × width × channels bytes (clamped to 0-255). */
export type AugmentPreviewResponse = Uint8Array[];

export const MAX_PREVIEW_SAMPLES = 64;

/** Why a preview request cannot be answered, in words for the page, or null when it can. */
export function augmentPreviewProblem(req: AugmentPreviewRequest): string | null {
  const { image, count } = req;
  const dims = [image.height, image.width];
  if (!dims.every((d) => Number.isInteger(d) && d >= 1 && d <= 1024))
    return `The preview image must be 1 to 1024 pixels high and wide (got ${image.height}x${image.width}).`;
  if (image.channels !== 1 && image.channels !== 3)
    return `The preview image must have 1 or 3 channels (got ${image.channels}).`;
  const want = image.height * image.width * image.channels;
  if (image.pixels.length !== want)
    return `The preview image holds ${image.pixels.length} bytes, but ${image.height}x${image.width}x${image.channels} needs ${want}.`;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PREVIEW_SAMPLES)
    return `The preview shows 1 to ${MAX_PREVIEW_SAMPLES} samples (asked for ${count}).`;
  if (!Number.isFinite(req.seed)) return 'The preview seed must be a number.';
  const names = kerasNames(req.arch.layers.map((l) => l.type));
  for (const i of leadingAugmentations(req.arch.layers)) {
    const problem = layerParamProblem(req.arch.layers[i]!);
    if (problem) return `Layer ${i + 1} (${names[i]}): ${problem}. Correct it to see the preview.`;
  }
  return null;
}
