// A/B in one click: the current setup "as is" against the same setup with
// (or, if it already has them, without) augmentation and Dropout. Pure: the
// training slice runs the two plans one after the other on the same data,
// split and seeds, so the only difference is the one the name says.
import {
  defaultLayer,
  isAugmentation,
  withId,
  type Architecture,
  type LayerConfig,
  type LayerSpec,
} from '../../model/layers';
import { seriesReducer, type SeriesEvent, type SeriesState } from './series';

export interface AbPlan {
  /** What the second run changes, e.g. "+ augmentation and Dropout". */
  change: string;
  /** The A/B's name, shown on both runs and in the comparison. */
  name: string;
  a: { label: string; arch: Architecture };
  b: { label: string; arch: Architecture };
}

/** Whether the stack already has augmentation or Dropout (the A/B's arm "with"). */
export const hasRegularisation = (arch: Architecture) =>
  arch.layers.some((l) => isAugmentation(l.type) || l.type === 'Dropout');

/** The textbook's augmentation block (flip, rotate by up to ±10% of a turn, zoom by up to 20%) and Dropout(0.5) before the classifier. */
export function withAugmentation(arch: Architecture): Architecture {
  const augmentation: LayerConfig[] = [
    { ...defaultLayer('RandomFlip'), mode: 'horizontal' } as LayerConfig,
    { ...defaultLayer('RandomRotation'), factor: 0.1 } as LayerConfig,
    { ...defaultLayer('RandomZoom'), heightFactor: 0.2 } as LayerConfig,
  ];
  const layers: LayerSpec[] = [...augmentation.map((l) => withId(l)), ...arch.layers];
  // Dropout goes right before the last Dense layer (after Flatten), where the textbook puts it.
  const lastDense = layers.map((l) => l.type).lastIndexOf('Dense');
  if (lastDense >= 0) layers.splice(lastDense, 0, withId({ type: 'Dropout', rate: 0.5 }));
  return { ...arch, layers };
}

export function withoutAugmentation(arch: Architecture): Architecture {
  return { ...arch, layers: arch.layers.filter((l) => !isAugmentation(l.type) && l.type !== 'Dropout') };
}

export function planAb(arch: Architecture): AbPlan {
  if (hasRegularisation(arch)) {
    const change = '− augmentation and Dropout';
    return {
      change,
      name: `A/B: with vs without augmentation and Dropout`,
      a: { label: 'as is (with)', arch },
      b: { label: 'without', arch: withoutAugmentation(arch) },
    };
  }
  const change = '+ augmentation and Dropout';
  return {
    change,
    name: `A/B: plain vs with augmentation and Dropout`,
    a: { label: 'as is (plain)', arch },
    b: { label: 'with augmentation and Dropout', arch: withAugmentation(arch) },
  };
}

/** The A/B's progress: its two runs as one series (series.ts). */
export type AbState = SeriesState<AbPlan>;
export type AbEvent = SeriesEvent<AbPlan>;
export const abReducer = seriesReducer<AbPlan>(2, 'The A/B was stopped.');
