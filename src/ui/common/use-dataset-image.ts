// A dataset image for a component: at once while the pixels are in memory;
// while a run keeps them on disk, null until the training worker has read it
// (between two steps: up to one step's time, ~1.4 s for cats vs dogs here).
import { useEffect, useMemo, useState } from 'react';
import type { ImageDataset, SplitName } from '../../data/types';
import { useLab } from '../../store';
import { imageView } from '../../store/images';

export function useDatasetImage(dataset: ImageDataset | null, split: SplitName, index: number): Uint8Array | null {
  // The pixels moving to disk or back changes no prop: this is what re-renders the image's users.
  const at = useLab((s) => s.pixelsAt);
  // One view per place of the pixels, so users can memoise on it (a new view each render would redraw, or re-ask the worker).
  // `at` is read by imageView through the dataset's views, which change in place: it stands for them here.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => (dataset ? imageView(dataset, split, index) : null), [dataset, split, index, at]);
  const [read, setRead] = useState<{
    dataset: ImageDataset;
    split: SplitName;
    index: number;
    bytes: Uint8Array;
  } | null>(null);
  const missing = dataset !== null && view === null && index >= 0 && index < dataset[split].count;
  useEffect(() => {
    if (!missing || !dataset) return;
    let live = true;
    useLab
      .getState()
      .readDatasetImage(dataset, split, index)
      .then(
        (bytes) => live && setRead({ dataset, split, index, bytes }),
        () => undefined, // left blank: the image's caption still says which it is
      );
    return () => {
      live = false;
    };
  }, [missing, dataset, split, index, at]);
  if (view) return view;
  return read && read.dataset === dataset && read.split === split && read.index === index ? read.bytes : null;
}
