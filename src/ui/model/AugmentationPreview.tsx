// Augmented versions of one image, made by the worker with the code path
// training uses (augmentSamples): a grid of samples, a re-roll button and one
// switch per leading augmentation layer. It re-asks ~150 ms after the last
// edit of a factor, so typing stays smooth. Props-driven: the caller passes the
// image and the function that reaches the worker, so it mounts anywhere.
import { useEffect, useMemo, useRef, useState } from 'react';
import { leadingAugmentations, type Architecture, type LayerSpec } from '../../model/layers';
import { kerasNames } from '../../model/names';
import { augmentPreviewProblem, type AugmentPreviewRequest, type PreviewImage } from '../../model/augmentation';
import { nextSeed, toRgba } from './augmentation-pixels';
import './AugmentationPreview.css';

interface Props {
  arch: Architecture;
  /** The source image, or null while there is none (a message says so). */
  image: PreviewImage | null;
  /** Reaches the worker's augmentSamples. Keep it stable (useCallback): a new function asks again. */
  augment: (request: AugmentPreviewRequest) => Promise<Uint8Array[]>;
  /** How many samples (at least 9). */
  count?: number;
  /** The first seed shown, e.g. the training seed: the preview then shows what that run's first batch does to this image. */
  seed?: number;
}

type Result =
  { state: 'loading' | 'ready'; images: Uint8Array[] } | { state: 'error'; images: Uint8Array[]; message: string };

const DEBOUNCE_MS = 150;

function Sample({ bytes, image, index }: { bytes: Uint8Array | undefined; image: PreviewImage; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    // Samples of an earlier image of another size stay blank until the new ones arrive.
    if (!ctx || !bytes || bytes.length !== image.width * image.height * image.channels) return;
    ctx.putImageData(
      new ImageData(toRgba(bytes, image.width, image.height, image.channels), image.width, image.height),
      0,
      0,
    );
  }, [bytes, image.width, image.height, image.channels]);
  return (
    <canvas
      ref={ref}
      className="augmentation-sample"
      data-testid="augmentation-sample"
      data-index={index}
      width={image.width}
      height={image.height}
      aria-label={`Augmented sample ${index + 1}`}
      role="img"
    />
  );
}

export function AugmentationPreview({ arch, image, augment, count = 9, seed: firstSeed = 1 }: Props) {
  const samples = Math.max(9, count);
  const [seed, setSeed] = useState(firstSeed);
  const [off, setOff] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<Result>({ state: 'loading', images: [] });
  const latest = useRef(0);

  const names = useMemo(() => kerasNames(arch.layers.map((l) => l.type)), [arch.layers]);
  const leading: LayerSpec[] = useMemo(
    () => leadingAugmentations(arch.layers).map((i) => arch.layers[i]!),
    [arch.layers],
  );
  // What the images depend on, as one string: a new object with the same values asks nothing new.
  const key = JSON.stringify({
    leading,
    off: [...off],
    seed,
    samples,
    input: arch.input,
    size: image && [image.height, image.width, image.channels],
  });
  const pixels = image?.pixels;

  useEffect(() => {
    if (!image) return;
    const timer = setTimeout(() => {
      const id = ++latest.current;
      const request: AugmentPreviewRequest = {
        arch,
        image,
        count: samples,
        seed,
        enabled: leading.map((l) => !off.has(l.id)),
      };
      const problem = augmentPreviewProblem(request);
      if (problem) {
        setResult((r) => ({ state: 'error', images: r.images, message: problem }));
        return;
      }
      setResult((r) => ({ state: 'loading', images: r.images }));
      augment(request).then(
        (images) => id === latest.current && setResult({ state: 'ready', images }),
        (e: unknown) =>
          id === latest.current &&
          setResult((r) => ({ state: 'error', images: r.images, message: e instanceof Error ? e.message : String(e) })),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // `key` and `pixels` stand for what the images depend on (the augmentation layers, switches, seed, count and the image),
    // so a parent that re-renders with equal values does not restart the debounce.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, pixels, augment]);

  const toggle = (id: string) =>
    setOff((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  if (!image) {
    return (
      <section className="augmentation-preview" aria-label="Augmentation preview">
        <p className="muted" data-testid="augmentation-status" data-state="empty">
          Load a dataset to see what augmentation does to its images.
        </p>
      </section>
    );
  }

  return (
    <section className="augmentation-preview" aria-label="Augmentation preview">
      <div className="augmentation-controls">
        <button
          type="button"
          data-testid="augmentation-reroll"
          onClick={() => setSeed((s) => nextSeed(s))}
          title="Draw new random augmentations"
        >
          Re-roll
        </button>
        {leading.length === 0 ? (
          <span className="muted">
            The model starts with no augmentation layer, so training sees these images unchanged. Add RandomFlip,
            RandomRotation, RandomZoom... as its first layers.
          </span>
        ) : (
          <fieldset className="augmentation-toggles">
            <legend>Layers shown</legend>
            {leading.map((l, k) => (
              <label key={l.id}>
                <input
                  type="checkbox"
                  data-testid="augmentation-toggle"
                  data-layer-id={l.id}
                  checked={!off.has(l.id)}
                  onChange={() => toggle(l.id)}
                />
                {names[k]} <span className="muted">({l.type})</span>
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <p
        className={result.state === 'error' ? 'augmentation-error' : 'muted'}
        data-testid="augmentation-status"
        data-state={result.state}
        role={result.state === 'error' ? 'alert' : 'status'}
      >
        {result.state === 'loading'
          ? 'Augmenting...'
          : result.state === 'error'
            ? `No preview: ${result.message}`
            : `${samples} random versions, as training would see them (seed ${seed}).`}
      </p>
      <div className="augmentation-grid" aria-busy={result.state === 'loading'}>
        {Array.from({ length: samples }, (_, i) => (
          <Sample key={i} index={i} image={image} bytes={result.images[i]} />
        ))}
      </div>
    </section>
  );
}
