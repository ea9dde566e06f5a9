// The Inspect section: one run's network from the inside. Choose
// the run, a layer and (from the run's epoch snapshots) an epoch; see the
// layer's kernels, its feature maps for a chosen image, the convolution or
// pooling step by step, the confusion matrix of a split and "Try it" on an
// image file. Everything is computed in the training worker (short requests,
// answered between training steps), so the page never blocks.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../store';
import { inspectedRun, keptSource, scrubbedEpoch, viewSource } from '../../store/inspect-slice';
import { inspectLayers } from '../../model/bases/inspect-layers';
import { sameShape } from '../../model/shape';
import { ExplainPanel, Failure, hasKernels, KernelsPanel, MapsPanel } from './InspectPanels';
import { ConfusionPanel, datasetImage, ImagePicker, TryItPanel } from './InspectTools';
import './inspect.css';
import './InspectSection.css';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e5 ? 2 : 1)} MB`;

export function InspectSection() {
  // Only what the section reads: batch events (5/s while training) change other fields and re-render nothing here.
  const s = useLab(
    useShallow((x) => ({
      runs: x.runs,
      currentRunId: x.currentRunId,
      trainState: x.trainState,
      runsLoaded: x.runsLoaded,
      dataset: x.dataset,
      inspectRunId: x.inspectRunId,
      inspectLayer: x.inspectLayer,
      inspectEpoch: x.inspectEpoch,
      inspectImage: x.inspectImage,
      inspectSnapshots: x.inspectSnapshots,
      inspectSnapshotsError: x.inspectSnapshotsError,
      loadInspectSnapshots: x.loadInspectSnapshots,
      setInspectLayer: x.setInspectLayer,
      setInspectImage: x.setInspectImage,
      setInspectRun: x.setInspectRun,
      setInspectEpoch: x.setInspectEpoch,
      setSection: x.setSection,
    })),
  );
  const run = inspectedRun(s);
  const { loadInspectSnapshots, setInspectLayer, setInspectImage } = s;
  const epochsDone = run?.epochs.length ?? 0;
  // The run's snapshots: asked again after each new epoch of a run that trains.
  useEffect(() => {
    void loadInspectSnapshots();
  }, [run?.id, epochsDone, loadInspectSnapshots]);

  const layers = useMemo(() => (run ? inspectLayers(run.arch) : []), [run]);
  const layer = layers.find((l) => l.name === s.inspectLayer) ?? layers.find((l) => l.type === 'Conv2D') ?? layers[0];
  const datasetFits = !!run && !!s.dataset && s.dataset.id === run.dataset.id && sameShape(s.dataset, run.arch.input);
  const dataset = datasetFits ? s.dataset : null;
  const image = s.inspectImage && run && sameShape(s.inspectImage, run.arch.input) ? s.inspectImage : null;
  // The first test image (or validation, or training) of the run's dataset until the student picks one.
  useEffect(() => {
    if (image || !dataset) return;
    const split = (['test', 'val', 'train'] as const).find((k) => dataset[k].count > 0);
    if (!split) return;
    let live = true;
    datasetImage(dataset, split, 0).then(
      (chosen) => live && setInspectImage(chosen),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [image, dataset, setInspectImage]);

  if (!s.runsLoaded)
    return (
      <section className="panel inspect-section">
        <p className="inspect-note">Loading the saved runs…</p>
      </section>
    );
  if (!run || !layer)
    return (
      <section className="panel inspect-section" data-testid="inspect-empty">
        <h2>Inspect</h2>
        <p>There is nothing to look inside yet: train a run first.</p>
        <button type="button" data-testid="inspect-go-train" onClick={() => s.setSection('train')}>
          Go to Train
        </button>
      </section>
    );

  const snapshots = s.inspectSnapshots?.runId === run.id ? s.inspectSnapshots : null;
  const epochs = snapshots?.snapshots.map((x) => x.epoch) ?? [];
  const epoch = scrubbedEpoch(snapshots, s.inspectEpoch);
  const view = viewSource(s, run);
  const kept = keptSource(s, run);
  const tick = epochsDone * 10 + (s.trainState === 'training' ? 1 : 0);
  const shape = run.arch.input;
  const rgb = shape.channels === 3 && layer.name === layers.find((l) => l.type === 'Conv2D')?.name;
  const title = (r: typeof run) => r.name || `${r.dataset.name}, ${new Date(r.createdAt).toLocaleString()}`;

  return (
    <div className="inspect-section">
      <section className="panel" aria-label="What to inspect">
        <h2>Inspect</h2>
        <div className="explainer-controls">
          <label>
            Run{' '}
            <select data-testid="inspect-run-select" value={run.id} onChange={(e) => s.setInspectRun(e.target.value)}>
              {s.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  {title(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Layer{' '}
            <select data-testid="layer-select" value={layer.name} onChange={(e) => setInspectLayer(e.target.value)}>
              {layers.map((l) => (
                <option key={l.name} value={l.name}>
                  {l.name} ({l.type})
                </option>
              ))}
            </select>
          </label>
        </div>
        {epochs.length > 0 && epoch !== null ? (
          <div className="explainer-controls">
            <label>
              Epoch {epoch}{' '}
              <input
                type="range"
                data-testid="epoch-scrubber"
                data-epoch={epoch}
                min={0}
                max={epochs.length - 1}
                step={1}
                value={epochs.indexOf(epoch)}
                onChange={(e) => s.setInspectEpoch(epochs[Number(e.target.value)] ?? null)}
                aria-valuetext={`epoch ${epoch}`}
              />
            </label>
            <span className="inspect-note" data-testid="snapshot-bytes" data-bytes={snapshots!.bytes}>
              Kernels and feature maps of epoch {epoch}. Snapshots: {megabytes(snapshots!.bytes)} for {epochs.length}{' '}
              epoch{epochs.length === 1 ? '' : 's'} (epochs {epochs.join(', ')}; at most{' '}
              {megabytes(snapshots!.boundBytes)} a run).
              {snapshots!.snapshots.some((x) => x.skipped.length) &&
                ` Too big to keep per epoch: ${[...new Set(snapshots!.snapshots.flatMap((x) => x.skipped))].join(', ')}.`}
            </span>
          </div>
        ) : (
          <p className="inspect-note">
            {s.inspectSnapshotsError
              ? `No epoch snapshots: ${s.inspectSnapshotsError.message}`
              : 'This run kept no epoch snapshots yet: the views show its kept checkpoint.'}
          </p>
        )}
        {!dataset && (
          <p className="inspect-note" data-testid="inspect-dataset-missing">
            This run was trained on {run.dataset.name} ({shape.height}x{shape.width}x{shape.channels}): load it in Data
            to look at its images and its confusion matrix. The kernels work from the checkpoint, and you can pick an
            image file below.{' '}
            <button type="button" onClick={() => s.setSection('data')}>
              Go to Data
            </button>
          </p>
        )}
      </section>

      <section className="panel" aria-label="Kernels">
        <h3>Kernels</h3>
        <KernelsPanel
          // Epoch snapshots hold the model's own kernels; a base's come from the kept checkpoint.
          source={layer.inBase ? kept : view}
          tick={tick}
          layer={layer.name}
          layerType={layer.type}
          ok={hasKernels(
            layers.map((l) => l.type),
            layers.indexOf(layer),
          )}
          epoch={!layer.inBase && view !== 'current' && 'epoch' in view ? epoch : null}
          rgb={rgb}
        />
      </section>

      <section className="panel" aria-label="Feature maps">
        <h3>Feature maps</h3>
        <ImagePicker dataset={dataset} shape={shape} image={image} onPick={setInspectImage} />
        {image ? (
          <MapsPanel source={view} tick={tick} layer={layer.name} image={image} />
        ) : (
          <p className="inspect-note">Choose an image to see what each layer makes of it.</p>
        )}
      </section>

      <section className="panel" aria-label="Step by step">
        <h3>Step by step</h3>
        {image ? (
          <ExplainPanel source={view} tick={tick} layer={layer.name} layerType={layer.type} image={image} />
        ) : (
          <p className="inspect-note">Choose an image first.</p>
        )}
      </section>

      <section className="panel" aria-label="Confusion matrix">
        <h3>Confusion matrix</h3>
        {dataset ? (
          <ConfusionPanel key={run.id} source={kept} tick={tick} dataset={dataset} datasetId={run.dataset.id} />
        ) : (
          <p className="inspect-note">
            Load {run.dataset.name} in Data to score the run on its validation or test split.
          </p>
        )}
      </section>

      <section className="panel" aria-label="Try it">
        <h3>Try it</h3>
        <TryItPanel source={kept} shape={shape} classNames={run.dataset.classNames} />
        {run.end === 'failed' && run.failure && <Failure failure={run.failure} />}
      </section>
    </div>
  );
}
