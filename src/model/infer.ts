// Shape and parameter inference that matches what Keras prints for
// model.summary(). Pure functions: no tfjs, so it runs on every keystroke.
import { kerasClassName, type Architecture, type LayerConfig, type LayerType, type Pair, type Padding } from './layers';
import { stackNames } from './names';
import { baseStep } from './bases/summary';
import { layerParamProblem } from './params';

/** A shape without the batch axis: [h, w, c] for images, [n] for vectors. */
export type Shape = number[];

export interface ArchIssue {
  /** Index of the layer at fault, or null for the architecture as a whole. */
  layerIndex: number | null;
  layerId: string | null;
  /** What is wrong, in plain words, naming the layer. */
  message: string;
  /** What the student can do about it. */
  fix: string;
}

export interface SummaryRow {
  id: string;
  index: number;
  name: string;
  type: LayerType;
  /** Null once an earlier layer has failed (Keras would not get this far). */
  outputShape: Shape | null;
  params: number | null;
  trainable: number | null;
  nonTrainable: number | null;
  issue: ArchIssue | null;
  /** Valid as Keras computes it, but probably not what the student meant (e.g. Dense on feature maps). */
  warning: string | null;
}

export type LossName = 'binary_crossentropy' | 'sparse_categorical_crossentropy';

export interface ArchSummary {
  input: Shape;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  issues: ArchIssue[];
  valid: boolean;
  /** The loss that fits the output, when the output fits the task. */
  loss: LossName | null;
}

type Step =
  | {
      shape: Shape;
      trainable: number;
      nonTrainable: number;
      warning?: string;
      /** A refusal that leaves the shapes known (a base on grey input). */
      refusal?: { problem: string; fix: string };
    }
  | { problem: string; fix: string };

/** Keras' output length for one spatial axis. Returns < 1 when nothing fits. */
export function convOutputLength(input: number, window: number, stride: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - window) / stride) + 1;
}

const fmtShape = (s: Shape): string => `(${s.join(', ')})`;

function windowed(
  layer: LayerConfig,
  shape: Shape,
  window: Pair,
  stride: Pair,
  padding: Padding,
  what: string,
): Step | Shape {
  if (shape.length !== 3) {
    return {
      problem: `${layer.type} needs an image-shaped input (height, width, channels) but receives a vector ${fmtShape(shape)}`,
      fix: `Move it before the Flatten / GlobalAveragePooling2D / Dense layers, or remove it.`,
    };
  }
  const [h, w] = shape as [number, number, number];
  const oh = convOutputLength(h, window[0], stride[0], padding);
  const ow = convOutputLength(w, window[1], stride[1], padding);
  if (oh < 1 || ow < 1) {
    return {
      problem: `its ${window[0]}x${window[1]} ${what} does not fit the ${h}x${w} input`,
      fix: `Use padding "same", a smaller ${what}, a larger input size, or remove a pooling / strided layer before it.`,
    };
  }
  return [oh, ow];
}

function step(layer: LayerConfig, shape: Shape, before: readonly LayerConfig[]): Step {
  switch (layer.type) {
    case 'Base':
      return baseStep(layer, before, shape);
    case 'Rescaling':
    case 'Dropout':
      return { shape, trainable: 0, nonTrainable: 0 };
    case 'RandomFlip':
    case 'RandomRotation':
    case 'RandomZoom':
    case 'RandomTranslation':
    case 'RandomContrast':
    case 'RandomBrightness':
      if (shape.length !== 3)
        return {
          problem: `${layer.type} transforms images but receives a vector ${fmtShape(shape)}`,
          fix: 'Put augmentation layers first, right after the input.',
        };
      return { shape, trainable: 0, nonTrainable: 0 };
    case 'BatchNormalization': {
      const c = shape[shape.length - 1] ?? 0;
      return { shape, trainable: 2 * c, nonTrainable: 2 * c };
    }
    case 'Conv2D': {
      const out = windowed(layer, shape, layer.kernelSize, layer.strides, layer.padding, 'kernel');
      if (!Array.isArray(out)) return out;
      const cin = shape[2] ?? 0;
      const params = layer.kernelSize[0] * layer.kernelSize[1] * cin * layer.filters + layer.filters;
      return { shape: [...out, layer.filters], trainable: params, nonTrainable: 0 };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const out = windowed(layer, shape, layer.poolSize, layer.strides ?? layer.poolSize, layer.padding, 'pool window');
      if (!Array.isArray(out)) return out;
      return { shape: [...out, shape[2] ?? 0], trainable: 0, nonTrainable: 0 };
    }
    case 'GlobalAveragePooling2D':
      if (shape.length !== 3)
        return {
          problem: `GlobalAveragePooling2D needs an image-shaped input but receives a vector ${fmtShape(shape)}`,
          fix: 'Use it instead of Flatten, right after the last convolution or pooling layer.',
        };
      return { shape: [shape[2] ?? 0], trainable: 0, nonTrainable: 0 };
    case 'Flatten':
      return { shape: [shape.reduce((a, b) => a * b, 1)], trainable: 0, nonTrainable: 0 };
    case 'Dense': {
      // Keras applies Dense to the last axis: on (h, w, c) it gives (h, w, units) with c·units + units
      // parameters, a per-pixel layer rather than a classifier of the whole image.
      const last = shape[shape.length - 1] ?? 0;
      const out: Shape = [...shape.slice(0, -1), layer.units];
      const warning =
        shape.length === 1
          ? undefined
          : `Dense on feature maps ${fmtShape(shape)} acts on the last axis only, pixel by pixel, giving ${fmtShape(out)}. To classify the whole image, put Flatten or GlobalAveragePooling2D before it.`;
      return {
        shape: out,
        trainable: last * layer.units + layer.units,
        nonTrainable: 0,
        ...(warning ? { warning } : {}),
      };
    }
  }
}

/** Which loss fits the model's output for a task with `numClasses` classes, or why none does. */
export function outputProblem(
  arch: Architecture,
  finalShape: Shape | null = null,
): { loss: LossName } | { problem: string; fix: string } {
  const last = arch.layers[arch.layers.length - 1];
  if (finalShape && finalShape.length !== 1)
    return {
      problem: `the model's output is ${fmtShape(finalShape)} per image, not one vector of class scores that the loss can take`,
      fix: 'Add Flatten or GlobalAveragePooling2D before the Dense layers, so the output is one score per class.',
    };
  const n = arch.numClasses;
  const want =
    n === 2 ? 'Dense(1, activation="sigmoid") or Dense(2, activation="softmax")' : `Dense(${n}, activation="softmax")`;
  if (!last || last.type !== 'Dense')
    return {
      problem: `the model must end with a Dense layer that outputs one score per class (${n} classes)`,
      fix: `End the stack with ${want}.`,
    };
  if (n === 2 && last.units === 1 && last.activation === 'sigmoid') return { loss: 'binary_crossentropy' };
  if (last.units === n && last.activation === 'softmax' && n >= 2) return { loss: 'sparse_categorical_crossentropy' };
  return {
    problem: `the last layer gives ${last.units} output${last.units === 1 ? '' : 's'} with ${last.activation}, but the task has ${n} classes`,
    fix: `Make the last layer ${want}.`,
  };
}

export function inferSummary(arch: Architecture): ArchSummary {
  const input: Shape = [arch.input.height, arch.input.width, arch.input.channels];
  const names = stackNames(arch);
  const rows: SummaryRow[] = [];
  const issues: ArchIssue[] = [];
  let shape: Shape | null = input;
  let trainable = 0;
  let nonTrainable = 0;

  arch.layers.forEach((layer, index) => {
    const name = names[index] ?? layer.type;
    const row: SummaryRow = {
      id: layer.id,
      index,
      name,
      type: layer.type,
      outputShape: null,
      params: null,
      trainable: null,
      nonTrainable: null,
      issue: null,
      warning: null,
    };
    rows.push(row);
    if (!shape) return;
    const bad = layerParamProblem(layer);
    const result: Step = bad
      ? { problem: bad, fix: 'Correct the value in the layer editor.' }
      : step(layer, shape, arch.layers.slice(0, index));
    if ('problem' in result) {
      row.issue = {
        layerIndex: index,
        layerId: layer.id,
        message: `Layer ${index + 1} (${name}, ${kerasClassName(layer.type)}): ${result.problem}.`,
        fix: result.fix,
      };
      issues.push(row.issue);
      shape = null;
      return;
    }
    shape = result.shape;
    if (result.refusal) {
      row.issue = {
        layerIndex: index,
        layerId: layer.id,
        message: `Layer ${index + 1} (${row.name}, Functional): ${result.refusal.problem}.`,
        fix: result.refusal.fix,
      };
      issues.push(row.issue);
    }
    row.outputShape = result.shape;
    row.warning = result.warning ?? null;
    row.trainable = result.trainable;
    row.nonTrainable = result.nonTrainable;
    row.params = result.trainable + result.nonTrainable;
    trainable += result.trainable;
    nonTrainable += result.nonTrainable;
  });

  let loss: LossName | null = null;
  if (arch.layers.length === 0) {
    issues.push({
      layerIndex: null,
      layerId: null,
      message: 'The model has no layers yet.',
      fix: 'Pick a preset or add layers, ending with a Dense layer.',
    });
  } else if (issues.length === 0) {
    const out = outputProblem(arch, shape);
    if ('loss' in out) loss = out.loss;
    else {
      const index = arch.layers.length - 1;
      const last = rows[index]!;
      last.issue = {
        layerIndex: index,
        layerId: last.id,
        message: `Layer ${index + 1} (${last.name}, ${last.type}): ${out.problem}.`,
        fix: out.fix,
      };
      issues.push(last.issue);
    }
  }
  return {
    input,
    rows,
    totalParams: trainable + nonTrainable,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    issues,
    valid: issues.length === 0,
    loss,
  };
}
