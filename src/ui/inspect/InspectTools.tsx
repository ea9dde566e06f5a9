// The Inspect section's image tools: choosing the image the views look at
// (a split of the loaded dataset by index, with a thumbnail strip, or a
// dropped/picked file), the confusion matrix of a split, and "Try it".
import { useState, type DragEvent } from 'react';
import type { ImageDataset } from '../../data/types';
import { useLab } from '../../store';
import type { InspectImageChoice } from '../../store/inspect-slice';
import type { InspectPrediction, InspectSource } from '../../client/types';
import type { WorkerFailure } from '../../model/run-types';
import { BusyNote } from './BusyNote';
import { ConfusionMatrix } from './ConfusionMatrix';
import { ChoiceField } from '../common/ChoiceField';
import { Prediction } from './Prediction';
import { DatasetImageCanvas } from './DatasetImageCanvas';
import { decodeImageFile } from './decode-image';
import { Failure, Pending, sourceKey } from './InspectPanels';
import { useAnswer } from './use-answer';

type Shape = { height: number; width: number; channels: number };
type Split = 'train' | 'val' | 'test';
const SPLIT_NAME: Record<Split, string> = { train: 'training', val: 'validation', test: 'test' };
const SPLITS: readonly Split[] = ['train', 'val', 'test'];
/** The splits a confusion matrix is computed on (never the one the model learnt from). */
const SCORED_SPLITS = ['val', 'test'] as const;
const METHODS = ['grad-cam', 'saliency'] as const;
const METHOD_TEXT = { 'grad-cam': 'Grad-CAM (last Conv2D layer)', saliency: 'saliency (gradient per pixel)' };
const THUMBS = 12;

/** A dataset image as the views' choice (a copy: read from disk by the worker while a run keeps the pixels there). */
export async function datasetImage(d: ImageDataset, split: Split, index: number): Promise<InspectImageChoice> {
  const label = d.classNames[d[split].labels[index]!] ?? '?';
  return {
    pixels: await useLab.getState().readDatasetImage(d, split, index),
    height: d.height,
    width: d.width,
    channels: d.channels,
    label: `${SPLIT_NAME[split]} image ${index} (${label})`,
    split,
    index,
  };
}

function fileError(e: unknown): WorkerFailure {
  return { kind: 'data', message: e instanceof Error ? e.message : String(e), fix: 'Pick another image file.' };
}

export function ImagePicker({
  dataset,
  shape,
  image,
  onPick,
}: {
  dataset: ImageDataset | null;
  shape: Shape;
  image: InspectImageChoice | null;
  onPick: (image: InspectImageChoice) => void;
}) {
  const [split, setSplit] = useState<Split>(image?.split ?? 'test');
  const [error, setError] = useState<WorkerFailure | null>(null);
  const count = dataset?.[split].count ?? 0;
  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      onPick({ pixels: await decodeImageFile(file, shape), ...shape, label: file.name });
      setError(null);
    } catch (e) {
      setError(fileError(e));
    }
  };
  const pickIndex = (i: number) => {
    if (!dataset) return;
    datasetImage(dataset, split, i).then(
      (chosen) => {
        onPick(chosen);
        setError(null);
      },
      (e: unknown) =>
        setError({
          kind: 'data',
          message: e instanceof Error ? e.message : String(e),
          fix: 'Try again between two training steps, or after the run.',
        }),
    );
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    void pickFile(e.dataTransfer.files[0]);
  };
  return (
    <div className="inspect-picker" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      {dataset && (
        <div className="explainer-controls">
          <ChoiceField
            label="Split"
            testId="inspect-split-select"
            value={split}
            choices={SPLITS}
            text={(s) => `${SPLIT_NAME[s]} (${dataset[s].count})`}
            unavailable={(s) => !dataset[s].count}
            inline
            onChange={setSplit}
          />
          <label>
            Image{' '}
            <input
              type="number"
              data-testid="inspect-image-index"
              min={0}
              max={Math.max(0, count - 1)}
              value={image?.split === split ? image.index : 0}
              onChange={(e) => {
                const i = Math.floor(Number(e.target.value));
                if (Number.isFinite(i) && i >= 0 && i < count) pickIndex(i);
              }}
            />
          </label>
        </div>
      )}
      {dataset && count > 0 && (
        <div className="inspect-strip">
          {Array.from({ length: Math.min(THUMBS, count) }, (_, i) => (
            <button
              key={i}
              type="button"
              className={`inspect-thumb${image?.split === split && image.index === i ? ' selected' : ''}`}
              data-testid="inspect-thumb"
              data-index={i}
              onClick={() => pickIndex(i)}
              aria-label={`${SPLIT_NAME[split]} image ${i}`}
            >
              <DatasetImageCanvas
                dataset={dataset}
                split={split}
                index={i}
                size={36}
                label={`${SPLIT_NAME[split]} image ${i}`}
              />
            </button>
          ))}
        </div>
      )}
      <label className="inspect-note">
        Or drop an image here, or pick one (resized to {shape.height}x{shape.width},{' '}
        {shape.channels === 1 ? 'grey' : 'colour'}):{' '}
        <input
          type="file"
          accept="image/*"
          data-testid="inspect-image-input"
          onChange={(e) => void pickFile(e.target.files?.[0])}
        />
      </label>
      {error && <Failure failure={error} />}
      {image && <p className="inspect-note">Looking at {image.label}.</p>}
    </div>
  );
}

export function ConfusionPanel({
  source,
  tick,
  dataset,
  datasetId,
}: {
  source: InspectSource;
  tick: number;
  dataset: ImageDataset;
  datasetId: string;
}) {
  const [split, setSplit] = useState<'val' | 'test'>('val');
  const [asked, setAsked] = useState(false);
  const inspectConfusion = useLab((s) => s.inspectConfusion);
  const answer = useAnswer(asked ? `${sourceKey(source, tick)}|${split}` : null, () =>
    inspectConfusion(source, { datasetId, split }),
  );
  return (
    <div>
      <div className="explainer-controls">
        <ChoiceField
          label="Split"
          testId="confusion-split-select"
          value={split}
          choices={SCORED_SPLITS}
          text={(s) => `${SPLIT_NAME[s]} (${dataset[s].count})`}
          inline
          onChange={setSplit}
        />
        {!asked && (
          <button type="button" data-testid="confusion-button" onClick={() => setAsked(true)}>
            Compute the confusion matrix
          </button>
        )}
      </div>
      {answer.state === 'ok' ? (
        <div data-testid="confusion-view" data-split={split} data-count={answer.value.count}>
          <ConfusionMatrix result={answer.value} classNames={dataset.classNames} dataset={dataset} split={split} />
        </div>
      ) : answer.state === 'loading' ? (
        <BusyNote testId="confusion-progress">
          Computing the confusion matrix: running the model on the {dataset[split].count.toLocaleString('en-US')}{' '}
          {SPLIT_NAME[split]} images…
        </BusyNote>
      ) : (
        <Pending answer={answer} what={`the confusion matrix over the ${SPLIT_NAME[split]} split`} />
      )}
    </div>
  );
}

export function TryItPanel({
  source,
  shape,
  classNames,
}: {
  source: InspectSource;
  shape: Shape;
  classNames: string[];
}) {
  const inspectPredict = useLab((s) => s.inspectPredict);
  const [method, setMethod] = useState<'grad-cam' | 'saliency'>('grad-cam');
  const [result, setResult] = useState<{ image: InspectImageChoice; answer: InspectPrediction } | null>(null);
  const [failure, setFailure] = useState<WorkerFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (file: File | undefined, how = method) => {
    if (!file) return;
    setBusy(true);
    try {
      const image = { pixels: await decodeImageFile(file, shape), ...shape, label: file.name };
      const r = await inspectPredict(source, { pixels: image.pixels, method: how });
      if (r.ok) setResult({ image, answer: r.value });
      setFailure(r.ok ? null : r.failure);
    } catch (e) {
      setFailure(fileError(e));
    } finally {
      setBusy(false);
    }
  };
  const [file, setFile] = useState<File | undefined>();
  return (
    <div>
      <div className="explainer-controls">
        <label>
          An image to classify with the kept checkpoint:{' '}
          <input
            type="file"
            accept="image/*"
            data-testid="predict-input"
            onChange={(e) => (setFile(e.target.files?.[0]), void run(e.target.files?.[0]))}
          />
        </label>
        <ChoiceField
          label="Where it looked"
          value={method}
          choices={METHODS}
          text={METHOD_TEXT}
          inline
          onChange={(how) => {
            setMethod(how);
            void run(file, how);
          }}
        />
      </div>
      {busy && <p className="inspect-note">Classifying…</p>}
      {failure && <Failure failure={failure} />}
      {result && (
        <Prediction
          probabilities={result.answer.prediction.probabilities}
          classNames={classNames}
          image={result.image}
          saliency={result.answer.saliency}
        />
      )}
    </div>
  );
}
