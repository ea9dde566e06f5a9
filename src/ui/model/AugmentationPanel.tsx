// Where the augmentation preview lives in Model: beside the top of the layer
// stack, where the augmentation layers are. It shows nine augmented versions
// of one real image of the loaded dataset (the textbook's figure), or says
// what is missing: data to preview on, or augmentation layers (with a button
// that adds the textbook's three, undoable).
import { useEffect, useMemo, useRef } from 'react';
import { useLab } from '../../store';
import { firstImageSplit, previewSource } from '../../store/preview-slice';
import { useDatasetImage } from '../common/use-dataset-image';
import { leadingAugmentations, type Architecture } from '../../model/layers';
import type { AugmentPreviewRequest, PreviewImage } from '../../model/augmentation';
import { AugmentationPreview } from './AugmentationPreview';
import './AugmentationPanel.css';

/** Nine, as in the textbook's figure (a 3x3 grid of one image's augmentations). */
const SAMPLES = 9;

export interface AugmentationPanelBodyProps {
  arch: Architecture;
  source: { image: PreviewImage; caption: string } | null;
  dataLoading: boolean;
  /** The source image is being read from disk (a run keeps the pixels there). */
  reading?: boolean;
  seed: number;
  augment: (request: AugmentPreviewRequest) => Promise<Uint8Array[]>;
  onAddTextbook: () => void;
  onGoToData: () => void;
}

/** The panel's content, from props (rendered in unit tests without the store). */
export function AugmentationPanelBody({
  arch,
  source,
  dataLoading,
  reading = false,
  seed,
  augment,
  onAddTextbook,
  onGoToData,
}: AugmentationPanelBodyProps) {
  if (leadingAugmentations(arch.layers).length === 0) {
    return (
      <div className="augmentation-missing" data-testid="augmentation-missing">
        <p className="muted">
          This model has no augmentation layer at the top of its stack, so training sees every image exactly as it is.
          Add RandomFlip, RandomRotation, RandomZoom... as its first layers (Add layer, position 1), or in one step:
        </p>
        <button type="button" data-testid="augmentation-add-textbook" onClick={onAddTextbook}>
          Add the textbook's RandomFlip, RandomRotation and RandomZoom
        </button>{' '}
        <span className="muted">(Undo takes them out again.)</span>
      </div>
    );
  }
  if (!source && reading) {
    return (
      <p className="muted" data-testid="augmentation-no-data" data-state="reading" aria-busy="true">
        Reading the image from disk (the pixels wait there while the run trains)…
      </p>
    );
  }
  if (!source) {
    return (
      <p className="muted" data-testid="augmentation-no-data">
        {dataLoading
          ? 'The dataset is loading; its images appear here when it is ready. '
          : 'Load data to preview on your own images. '}
        {!dataLoading && (
          <button type="button" className="link" data-testid="augmentation-go-data" onClick={onGoToData}>
            Go to Data
          </button>
        )}
      </p>
    );
  }
  return (
    <>
      <p className="muted augmentation-source" data-testid="augmentation-source">
        Source: {source.caption}.
      </p>
      <AugmentationPreview arch={arch} image={source.image} augment={augment} count={SAMPLES} seed={seed} />
    </>
  );
}

export function AugmentationPanel() {
  const arch = useLab((s) => s.arch);
  const dataset = useLab((s) => s.dataset);
  const dataLoading = useLab((s) => s.dataState === 'loading');
  const pick = useLab((s) => s.previewPick);
  const seed = useLab((s) => s.trainSettings.seed);
  const { augmentPreview, addTextbookAugmentation, setSection } = useLab.getState();
  // Memoised: a new image object (same bytes) would ask the worker again.
  // While a run keeps the pixels on disk, the first image is read from there (null until it comes).
  const first = useDatasetImage(dataset, (dataset && firstImageSplit(dataset)) ?? 'train', 0);
  const source = useMemo(() => previewSource(dataset, pick, first), [dataset, pick, first]);
  const reading = !!dataset && !source && !!firstImageSplit(dataset);
  const panel = useRef<HTMLElement>(null);

  // An image picked in Data lands here: bring the preview into view (the stack can be long).
  useEffect(() => {
    if (pick) panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [pick]);

  return (
    <section
      ref={panel}
      className="panel augmentation-panel"
      aria-labelledby="augmentation-heading"
      data-testid="augmentation-panel"
    >
      <h2 id="augmentation-heading">Augmentation preview</h2>
      <AugmentationPanelBody
        arch={arch}
        source={source}
        dataLoading={dataLoading}
        reading={reading}
        seed={seed}
        augment={augmentPreview}
        onAddTextbook={() => void addTextbookAugmentation()}
        onGoToData={() => setSection('data')}
      />
    </section>
  );
}
