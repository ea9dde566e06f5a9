// The Inspect section's model views, wired to the worker through the store:
// the chosen layer's kernels, its feature maps for the chosen image, and the
// step-by-step explainer (Conv2D or MaxPooling2D). Each asks one short request
// per (weights, layer, image, filter) and shows the failure if there is one.
import { useState } from 'react';
import { useLab } from '../../store';
import type { InspectImageChoice } from '../../store/inspect-slice';
import type { InspectSource, LayerActivation } from '../../client/types';
import type { WorkerFailure } from '../../model/run-types';
import { KernelGrid } from './KernelGrid';
import { FeatureMaps } from './FeatureMaps';
import { ConvExplainer } from './ConvExplainer';
import { PoolExplainer } from './PoolExplainer';
import { useAnswer, type Answer } from './use-answer';
import { fmt, plain } from './colour';

/** Identifies a source in a cache key (the architecture is the run's, so the run id stands for it). */
export const sourceKey = (s: InspectSource, tick: number): string =>
  s === 'current' ? `current@${tick}` : 'epoch' in s ? `${s.runId}@epoch${s.epoch}` : `${s.runId}@${s.which}@${tick}`;

export function Failure({ failure }: { failure: WorkerFailure }) {
  return (
    <p className="inspect-error" role="alert" data-testid="inspect-error">
      {failure.message} {failure.fix}
    </p>
  );
}

export function Pending<T>({ answer, what }: { answer: Answer<T>; what: string }) {
  if (answer.state === 'loading') return <p className="inspect-note">Computing {what}…</p>;
  if (answer.state === 'failed') return <Failure failure={answer.failure} />;
  return null;
}

interface ViewProps {
  source: InspectSource;
  /** Changes when the weights behind a live or checkpoint source may have changed (a new epoch). */
  tick: number;
  layer: string;
  layerType: string;
}

/** Layers that only move or scale pixels: a Dense layer after only these reads the image itself (its units can be drawn as images). */
const PIXEL_PRESERVING = new Set([
  'Rescaling',
  'RandomFlip',
  'RandomRotation',
  'RandomZoom',
  'Dropout',
  'Flatten',
  'Reshape',
]);

/** Whether layer `index` has kernels to draw: a Conv2D layer, or a Dense layer that reads the image directly. */
export const hasKernels = (types: string[], index: number): boolean =>
  types[index] === 'Conv2D' ||
  (types[index] === 'Dense' && types.slice(0, index).every((t) => PIXEL_PRESERVING.has(t)));

export function KernelsPanel({
  source,
  tick,
  layer,
  layerType,
  epoch,
  rgb,
  ok,
}: ViewProps & { epoch: number | null; rgb: boolean; ok: boolean }) {
  const inspectKernels = useLab((s) => s.inspectKernels);
  const answer = useAnswer(ok ? `${sourceKey(source, tick)}|${layer}` : null, () => inspectKernels(source, layer));
  if (!ok)
    return (
      <p className="inspect-note">
        {layer} is a {layerType} layer
        {layerType === 'Dense'
          ? ' after the convolutions: its weights do not line up with the image'
          : ': it has no kernels'}
        . Choose a Conv2D layer (or a Dense layer that reads the image) to see them; its feature maps are below.
      </p>
    );
  if (answer.state !== 'ok') return <Pending answer={answer} what="the kernels" />;
  const k = answer.value;
  // A checksum of the values shown, so a check can tell one epoch's kernels from another's.
  let checksum = 0;
  k.values.forEach((v, i) => (checksum += v * ((i % 7) + 1)));
  return (
    <div
      data-testid="kernel-grid"
      data-layer={k.layer}
      data-count={k.count}
      data-epoch={epoch ?? ''}
      data-checksum={plain(checksum)}
    >
      <KernelGrid kernels={k} rgb={rgb} epoch={epoch ?? undefined} />
    </div>
  );
}

export function MapsPanel({
  source,
  tick,
  layer,
  image,
}: Omit<ViewProps, 'layerType'> & { image: InspectImageChoice }) {
  const inspectActivations = useLab((s) => s.inspectActivations);
  const key = `${sourceKey(source, tick)}|${image.label}`;
  // One channel of every layer: the "more abstract" strip.
  const strip = useAnswer(key, () => inspectActivations(source, { pixels: image.pixels, channelLimit: 1 }));
  const loadPage = async (name: string, offset: number, limit: number): Promise<LayerActivation> => {
    const r = await inspectActivations(source, {
      pixels: image.pixels,
      layers: [name],
      channelOffset: offset,
      channelLimit: limit,
    });
    if (!r.ok) throw new Error(`${r.failure.message} ${r.failure.fix}`);
    return r.value[0]!;
  };
  if (strip.state !== 'ok') return <Pending answer={strip} what="the feature maps" />;
  return <FeatureMaps key={`${key}|${layer}`} strip={strip.value} layer={layer} loadPage={loadPage} pageSize={128} />;
}

function ConvPanel({ source, tick, layer, image }: Omit<ViewProps, 'layerType'> & { image: InspectImageChoice }) {
  const [filter, setFilter] = useState(0);
  const inspectConv = useLab((s) => s.inspectConv);
  const inspectActivations = useLab((s) => s.inspectActivations);
  const key = `${sourceKey(source, tick)}|${layer}|${image.label}|${filter}`;
  const data = useAnswer(key, () => inspectConv(source, { pixels: image.pixels, layer, filter }));
  // The same filter's map from a full forward pass (the feature maps' path), to set beside the explainer's value.
  const map = useAnswer(key, () =>
    inspectActivations(source, { pixels: image.pixels, layers: [layer], channelOffset: filter, channelLimit: 1 }),
  );
  if (data.state !== 'ok') return <Pending answer={data} what="the convolution" />;
  const m = map.state === 'ok' ? map.value[0] : undefined;
  return (
    <>
      <ConvExplainer key={`${layer}|${filter}`} data={data.value} onFilterChange={(f) => setFilter(f)} />
      {m && (
        <p
          className="inspect-note"
          data-testid="explainer-feature-map"
          data-filter={filter}
          data-width={m.width}
          data-height={m.height}
          data-values={Array.from(m.values, plain).join(' ')}
        >
          The same filter in the feature maps (a forward pass through the whole model): {m.height}x{m.width}, from{' '}
          {fmt(m.min[0] ?? 0)} to {fmt(m.max[0] ?? 0)}.
        </p>
      )}
    </>
  );
}

function PoolPanel({ source, tick, layer, image }: Omit<ViewProps, 'layerType'> & { image: InspectImageChoice }) {
  const [channel, setChannel] = useState(0);
  const inspectPool = useLab((s) => s.inspectPool);
  const data = useAnswer(`${sourceKey(source, tick)}|${layer}|${image.label}|${channel}`, () =>
    inspectPool(source, { pixels: image.pixels, layer, channel }),
  );
  if (data.state !== 'ok') return <Pending answer={data} what="the pooling" />;
  return <PoolExplainer key={`${layer}|${channel}`} data={data.value} onChannelChange={setChannel} />;
}

export function ExplainPanel(props: ViewProps & { image: InspectImageChoice }) {
  if (props.layerType === 'Conv2D') return <ConvPanel {...props} />;
  if (props.layerType === 'MaxPooling2D') return <PoolPanel {...props} />;
  return (
    <p className="inspect-note">
      The step-by-step view explains a Conv2D or a MaxPooling2D layer: choose one above ({props.layer} is a{' '}
      {props.layerType} layer).
    </p>
  );
}
