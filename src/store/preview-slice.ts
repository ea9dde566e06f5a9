// The augmentation preview's state: which image it shows (one
// picked in Data's sample grid, else the first training image of the loaded
// dataset), the call to the worker through the shared client, and the
// "add the textbook's augmentation" edit, made through the model slice (one
// undo step, refused with the lock's reason during training).
import type { StateCreator } from 'zustand';
import { SPLITS, type ImageDataset, type SplitName } from '../data/types';
import { isAugmentation, withId, type LayerConfig } from '../model/layers';
import type { AugmentPreviewRequest, PreviewImage } from '../model/augmentation';
import { sameShape } from '../model/shape';
import { imageView } from './images';
import type { ClientDeps } from './deps';
import type { LabState } from './index';

/** An image picked for the preview: a copy of its bytes, and where it came from. */
export interface PreviewPick {
  datasetId: string;
  split: SplitName;
  index: number;
  className: string;
  image: PreviewImage;
}

export interface PreviewSlice {
  previewPick: PreviewPick | null;
  /** Picks a dataset image for the preview and opens Model, where the preview is. */
  previewAugmentationOf: (split: SplitName, index: number) => void;
  /** The worker's augmentSamples, on the training backend; a failure rejects with its message and what to do. */
  augmentPreview: (request: AugmentPreviewRequest) => Promise<Uint8Array[]>;
  /** Puts the textbook's RandomFlip("horizontal"), RandomRotation(0.1), RandomZoom(0.2) at the top of the stack. */
  addTextbookAugmentation: () => boolean;
}

/** The textbook's data_augmentation block, as in the catsdogs-augmented preset. */
export const TEXTBOOK_AUGMENTATION: readonly LayerConfig[] = [
  { type: 'RandomFlip', mode: 'horizontal' },
  { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
  {
    type: 'RandomZoom',
    heightFactor: 0.2,
    widthFactor: null,
    fillMode: 'reflect',
    interpolation: 'bilinear',
    fillValue: 0,
  },
];

/**
 * A copy of one image's bytes. A copy, not a view: a view would carry the
 * whole split's buffer through the structured clone to the worker on every call.
 * Null while a run keeps the pixels on disk (readImage reads it then).
 */
export function copyImage(dataset: ImageDataset, split: SplitName, index: number): PreviewImage | null {
  const { height, width, channels } = dataset;
  const view = imageView(dataset, split, index);
  return view && { pixels: view.slice(), height, width, channels };
}

/** The split whose first image the preview shows when nothing is picked. */
export const firstImageSplit = (dataset: ImageDataset): SplitName | null =>
  SPLITS.find((s) => dataset[s].count > 0) ?? null;

/**
 * What the preview shows for this dataset: the pick when it belongs to it
 * (same dataset, same image size), else its first training image (or the
 * first of another split when train is empty); null without images, or while
 * that image is on disk and `first` (its bytes, read from there) has not come.
 */
export function previewSource(
  dataset: ImageDataset | null,
  pick: PreviewPick | null,
  first: Uint8Array | null = null,
): { image: PreviewImage; caption: string } | null {
  if (!dataset) return null;
  if (pick && pick.datasetId === dataset.id && sameShape(pick.image, dataset))
    return { image: pick.image, caption: `a "${pick.className}" ${SPLIT_WORD[pick.split]} image, picked in Data` };
  const split = firstImageSplit(dataset);
  if (!split) return null;
  const { height, width, channels } = dataset;
  const image =
    copyImage(dataset, split, 0) ??
    (first && first.length === height * width * channels ? { pixels: first.slice(), height, width, channels } : null);
  return (
    image && {
      image,
      caption: `the first ${SPLIT_WORD[split]} image ("${dataset.classNames[dataset[split].labels[0]!] ?? '?'}"); pick another in Data's sample grid`,
    }
  );
}

const SPLIT_WORD: Record<SplitName, string> = { train: 'training', val: 'validation', test: 'test' };

export const createPreviewSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], PreviewSlice> =>
  (set, get) => ({
    previewPick: null,
    previewAugmentationOf: (split, index) => {
      const { dataset } = get();
      if (!dataset || !Number.isInteger(index) || index < 0 || index >= dataset[split].count) return;
      const className = dataset.classNames[dataset[split].labels[index]!] ?? '?';
      const show = (image: PreviewImage) => {
        set({ previewPick: { datasetId: dataset.id, split, index, className, image } });
        get().setSection('model');
      };
      const image = copyImage(dataset, split, index);
      if (image) return show(image);
      // On disk for a run: read between two steps, then shown (unless another dataset came meanwhile).
      const { height, width, channels } = dataset;
      get()
        .readDatasetImage(dataset, split, index)
        .then(
          (pixels) => get().dataset === dataset && show({ pixels, height, width, channels }),
          (e: unknown) =>
            get().showDataNotice(
              `That image could not be read for the preview: ${e instanceof Error ? e.message : String(e)}`,
            ),
        );
    },
    augmentPreview: async (request) => {
      const answer = await client.augmentSamples(request, get().trainSettings.backend);
      if (!answer.ok) throw new Error(`${answer.failure.message} ${answer.failure.fix}`);
      return answer.value;
    },
    addTextbookAugmentation: () => {
      const { arch, replaceArchitecture } = get();
      if (arch.layers.length > 0 && isAugmentation(arch.layers[0]!.type)) return false;
      return replaceArchitecture({ ...arch, layers: [...TEXTBOOK_AUGMENTATION.map((l) => withId(l)), ...arch.layers] });
    },
  });
