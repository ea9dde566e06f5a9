// A dataset image on a canvas, wherever its pixels are (useDatasetImage): a
// blank square of the same size while the training worker reads it from disk.
import type { ImageDataset, SplitName } from '../../data/types';
import { useDatasetImage } from '../common/use-dataset-image';
import { ImageCanvas } from './ImageCanvas';

interface Props {
  dataset: ImageDataset;
  split: SplitName;
  index: number;
  size?: number;
  label: string;
  'data-testid'?: string;
  [data: `data-${string}`]: string | number | undefined;
}

export function DatasetImageCanvas({ dataset, split, index, size = 64, label, ...rest }: Props) {
  const pixels = useDatasetImage(dataset, split, index);
  if (!pixels)
    return (
      <span
        className="image-reading"
        style={{ display: 'inline-block', width: size, height: size }}
        role="img"
        aria-label={`${label} (reading it from disk)`}
        aria-busy="true"
        {...rest}
      />
    );
  return (
    <ImageCanvas
      {...rest}
      image={{ pixels, height: dataset.height, width: dataset.width, channels: dataset.channels }}
      size={size}
      label={label}
    />
  );
}
