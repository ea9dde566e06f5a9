import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from './model/build';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { JobControl, yieldToEventLoop } from './control';
import { restoreWeights, trainModel, type TrainerOptions, type WeightTensor } from './trainer';
import { countTensorReads, syntheticData } from './test-data';
import type { EpochMetrics } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch = (numClasses = 3, last?: LayerConfig): Architecture => ({
  input: { height: 8, width: 8, channels: 1 },
  numClasses,
  layers: [
    { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
    { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
    { type: 'Flatten' },
    last ?? { type: 'Dense', units: numClasses, activation: 'softmax' },
  ].map((l) => withId(l as LayerConfig)),
});

const options = (o: Partial<TrainerOptions> = {}): TrainerOptions => ({
  loss: 'sparse_categorical_crossentropy',
  epochs: 5,
  batchSize: 8,
  learningRate: 0.01,
  optimizer: 'adam',
  seed: 7,
  patience: 0,
  scale: 1 / 255,
  ...o,
});

describe('trainModel', () => {
  test('loss falls and validation accuracy beats chance on a learnable problem', async () => {
    const model = buildModel(arch());
    const result = await trainModel(model, syntheticData({ train: 48, val: 24 }), options({ epochs: 6 }), {
      control: new JobControl(),
    });
    model.dispose();
    expect(result.end).toBe('done');
    expect(result.epochs).toHaveLength(6);
    expect(result.epochs.at(-1)!.loss).toBeLessThan(result.epochs[0]!.loss * 0.7);
    expect(result.epochs.at(-1)!.valAccuracy).toBeGreaterThan(0.8);
  });

  test('binary cross-entropy for one sigmoid unit learns too', async () => {
    const model = buildModel(arch(2, { type: 'Dense', units: 1, activation: 'sigmoid' }));
    const data = syntheticData({ train: 40, val: 20, numClasses: 2 });
    const result = await trainModel(model, data, options({ loss: 'binary_crossentropy', epochs: 6 }), {
      control: new JobControl(),
    });
    model.dispose();
    expect(result.epochs.at(-1)!.loss).toBeLessThan(result.epochs[0]!.loss);
    expect(result.epochs.at(-1)!.valAccuracy).toBeGreaterThan(0.8);
  });

  test('BatchNormalization and Dropout train, and the moving statistics are learned', async () => {
    const model = buildModel({
      ...arch(),
      layers: arch().layers.flatMap((l) =>
        l.type === 'Flatten'
          ? [withId({ type: 'BatchNormalization' }), l, withId({ type: 'Dropout', rate: 0.3 })]
          : [l],
      ),
    });
    const movingMean = () =>
      Array.from(
        model.weights
          .find((w) => w.originalName.includes('moving_mean'))!
          .read()
          .dataSync(),
      );
    const before = movingMean();
    const result = await trainModel(model, syntheticData({ train: 24, val: 12 }), options({ epochs: 3 }), {
      control: new JobControl(),
    });
    const after = movingMean();
    model.dispose();
    expect(result.end).toBe('done');
    expect(after).not.toEqual(before);
  });

  test('the tensor count is the same after every epoch from the second on', async () => {
    const model = buildModel(arch());
    const counts: number[] = [];
    await trainModel(model, syntheticData({ train: 20, val: 10 }), options({ epochs: 5, optimizer: 'rmsprop' }), {
      control: new JobControl(),
      onEpoch: () => void counts.push(tf.memory().numTensors),
    });
    model.dispose();
    expect(counts).toHaveLength(5);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });

  test("the kept checkpoint is the epoch with the lowest val_loss, with that epoch's weights", async () => {
    const model = buildModel(arch());
    const seen: { metrics: EpochMetrics; isBest: boolean; weights: WeightTensor[] }[] = [];
    // SGD with a high rate makes val_loss go up and down, so "best" is not simply the last epoch.
    const result = await trainModel(
      model,
      syntheticData({ train: 24, val: 12 }),
      options({ epochs: 6, optimizer: 'sgd', learningRate: 0.3 }),
      {
        control: new JobControl(),
        onEpoch: (metrics, isBest, weights) => void seen.push({ metrics, isBest, weights }),
      },
    );
    model.dispose();
    const valLosses = result.epochs.map((e) => e.valLoss);
    const lowest = valLosses.indexOf(Math.min(...valLosses)) + 1;
    expect(result.bestEpoch).toBe(lowest);
    expect(result.best!.weights).toEqual(seen[lowest - 1]!.weights);
    // isBest marks exactly the epochs that lowered val_loss so far.
    let runningMin = Infinity;
    for (const s of seen) {
      expect(s.isBest).toBe(s.metrics.valLoss < runningMin);
      runningMin = Math.min(runningMin, s.metrics.valLoss);
    }
  });

  test('a NaN loss stops training, says where, and keeps the last good checkpoint', async () => {
    const model = buildModel(arch());
    const result = await trainModel(model, syntheticData({ train: 16, val: 8 }), options({ epochs: 4 }), {
      control: new JobControl(),
      // Corrupt the weights after epoch 1, as a diverging run would.
      onEpoch: (m, _best, weights) => {
        if (m.epoch === 1)
          restoreWeights(
            model,
            weights.map((w) => ({ ...w, values: w.values.map(() => NaN) })),
          );
      },
    });
    model.dispose();
    expect(result.end).toBe('nan');
    expect(result.nanAt).toMatchObject({ epoch: 2, batch: 1 });
    expect(result.nanAt!.loss).toBeNaN();
    expect(result.epochsDone).toBe(1);
    expect(result.bestEpoch).toBe(1);
    expect(result.best!.weights!.every((w) => w.values.every(Number.isFinite))).toBe(true);
  });

  test('a loss stuck at the clipping limit counts as blown up, though finite', async () => {
    const model = buildModel(arch());
    const data = syntheticData({ train: 16, val: 8 });
    data.train.labels.fill(1);
    // Every image is confidently put in class 0 while all labels are 1: loss = -ln(1e-7) per image.
    const weights = model.weights.map((w) => ({
      name: w.originalName,
      shape: w.shape.map((d) => d ?? 1),
      values: new Float32Array(w.shape.reduce<number>((a, d) => a * (d ?? 1), 1)),
    }));
    weights.at(-1)!.values.set([1000, 0, 0]);
    restoreWeights(model, weights);
    const result = await trainModel(model, data, options({ epochs: 2, learningRate: 1e-9 }), {
      control: new JobControl(),
    });
    model.dispose();
    expect(result.end).toBe('nan');
    expect(result.nanAt).toMatchObject({ epoch: 1, batch: 1 });
    expect(result.nanAt!.loss).toBeGreaterThan(14);
    expect(Number.isFinite(result.nanAt!.loss)).toBe(true);
  });

  test('a huge learning rate ends in NaN rather than running on', async () => {
    const model = buildModel(arch());
    const result = await trainModel(
      model,
      syntheticData({ train: 32, val: 8 }),
      options({ epochs: 3, optimizer: 'rmsprop', learningRate: 1e30 }),
      { control: new JobControl() },
    );
    model.dispose();
    expect(result.end).toBe('nan');
  });

  test('stop mid-epoch ends the run after the current step and keeps finished epochs', async () => {
    const model = buildModel(arch());
    const control = new JobControl();
    let steps = 0;
    const result = await trainModel(model, syntheticData({ train: 40, val: 8 }), options({ epochs: 3 }), {
      control,
      onBatch: (p) => {
        steps += 1;
        if (p.epoch === 2 && p.batch === 2) control.stop();
      },
    });
    model.dispose();
    expect(result.end).toBe('stopped');
    expect(result.epochsDone).toBe(1);
    expect(steps).toBe(5 + 2);
  });

  test('pause mid-epoch holds training until resume', async () => {
    const model = buildModel(arch());
    const pauses: boolean[] = [];
    const control = new JobControl((paused) => pauses.push(paused));
    let steps = 0;
    const done = trainModel(model, syntheticData({ train: 40, val: 8 }), options({ epochs: 1 }), {
      control,
      onBatch: (p) => {
        steps += 1;
        if (p.batch === 2) control.pause();
      },
    });
    while (steps < 2) await yieldToEventLoop();
    for (let i = 0; i < 50; i++) await yieldToEventLoop();
    expect(steps).toBe(2);
    expect(control.paused).toBe(true);
    control.resume();
    const result = await done;
    model.dispose();
    expect(steps).toBe(5);
    expect(result.end).toBe('done');
    expect(pauses).toEqual([true, false]);
  });

  test('early stopping restores the best weights', async () => {
    const model = buildModel(arch());
    let bestWeights: WeightTensor[] | null = null;
    const result = await trainModel(
      model,
      syntheticData({ train: 24, val: 12 }),
      options({ epochs: 30, patience: 1, optimizer: 'sgd', learningRate: 0.5 }),
      {
        control: new JobControl(),
        onEpoch: (_m, isBest, w) => {
          if (isBest) bestWeights = w;
        },
      },
    );
    expect(result.end).toBe('early-stopped');
    expect(result.epochsDone).toBe(result.bestEpoch! + 1);
    const now = model.weights.map((w) => Array.from(w.read().dataSync()));
    model.dispose();
    expect(now).toEqual(bestWeights!.map((w) => Array.from(w.values)));
  });
});

describe('metric reads (no GPU stall per step)', () => {
  // 44 images in batches of 8: 5 full batches and one of 4, so the loss is weighted by batch size.
  const seededArch = arch();
  // Per-epoch [loss, accuracy, val_loss, val_accuracy] of this seeded run, recorded on the CPU backend
  // with the trainer that read loss and accuracy after every step (before the reads were batched).
  const RECORDED = {
    rmsprop: [
      [0.9965962875973094, 0.5909090909090909, 0.7939725518226624, 0.9166666666666666],
      [0.6366083405234597, 1, 0.44958831866582233, 1],
      [0.3438547605817968, 1, 0.2354436864455541, 1],
      [0.17841190777041696, 1, 0.12696809569994608, 1],
    ],
    adam: [
      [1.0484360185536472, 0.5681818181818182, 0.98623259862264, 0.6666666666666666],
      [0.8993047746745023, 0.9318181818181818, 0.8060104052225748, 1],
      [0.6881266182119196, 1, 0.5596232414245605, 1],
      [0.44497606429186737, 1, 0.32030607263247174, 1],
    ],
  };

  for (const optimizer of ['rmsprop', 'adam'] as const)
    for (const everySteps of [1, 4, 32])
      test(`a seeded ${optimizer} run gives the recorded epoch metrics, reading every ${everySteps} steps`, async () => {
        const model = buildModel(seededArch, 11);
        const result = await trainModel(
          model,
          syntheticData({ train: 44, val: 12 }),
          options({ epochs: 4, optimizer, seed: 7 }),
          {
            control: new JobControl(),
            readPolicy: { everySteps, intervalMs: Infinity },
          },
        );
        model.dispose();
        const got = result.epochs.map((e) => [e.loss, e.accuracy, e.valLoss, e.valAccuracy]);
        expect(got).toHaveLength(4);
        got.forEach((row, e) => row.forEach((v, i) => expect(v).toBeCloseTo(RECORDED[optimizer][e]![i]!, 6)));
      });

  test('a training step issues no blocking read and at most one async read per read interval', async () => {
    const readsAt: number[] = [];
    const model = buildModel(arch());
    const tensorsBefore = tf.memory().numTensors;
    // 80 images in batches of 8: 10 steps. Reads: after step 1, then every 4 steps, and after the last.
    await countTensorReads((counts) =>
      trainModel(model, syntheticData({ train: 80, val: 8 }), options({ epochs: 1 }), {
        control: new JobControl(),
        readPolicy: { everySteps: 4, intervalMs: Infinity },
        onBatch: () => void readsAt.push(counts.data + counts.array),
        onEpoch: () => expect(counts.dataSync + counts.arraySync).toBe(0),
      }),
    );
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    model.dispose();
    expect(readsAt).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 4]);
  });

  test('the read interval in time triggers reads when steps are slow', async () => {
    let clock = 0;
    const reads: number[] = [];
    const losses: number[] = [];
    const model = buildModel(arch());
    // Each now() call moves the clock 60 ms: a 200 ms interval passes within two steps, long before 32 steps.
    await countTensorReads((counts) =>
      trainModel(model, syntheticData({ train: 80, val: 8 }), options({ epochs: 1 }), {
        control: new JobControl(),
        now: () => (clock += 60),
        onBatch: (p) => {
          reads.push(counts.data);
          losses.push(p.loss);
        },
      }),
    );
    model.dispose();
    // Fewer reads than steps, more than the step count alone would make (first, last, none in between).
    expect(reads.at(-1)).toBeGreaterThan(2);
    expect(reads.at(-1)).toBeLessThan(10);
    // The shown loss is always a number: the first step is read at once.
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  test("an epoch's seconds are its steps' and its validation's time in seconds, not milliseconds", async () => {
    let clock = 0;
    const model = buildModel(arch());
    // Each now() call moves the clock 10 ms, so a whole epoch of a few steps takes well under 10 s.
    const result = await trainModel(model, syntheticData({ train: 64, val: 16 }), options({ epochs: 1 }), {
      control: new JobControl(),
      now: () => (clock += 10),
    });
    model.dispose();
    const seconds = result.epochs[0]!.seconds;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(clock / 1000);
  });

  test("a NaN inside a read interval stops the run at that interval's read and names its own batch", async () => {
    const model = buildModel(arch());
    const steps: number[] = [];
    const nanWeights = (): WeightTensor[] =>
      model.weights.map((w) => ({
        name: w.originalName,
        shape: w.shape.map((d) => d ?? 1),
        values: new Float32Array(w.shape.reduce<number>((a, d) => a * (d ?? 1), 1)).fill(NaN),
      }));
    const result = await trainModel(model, syntheticData({ train: 80, val: 8 }), options({ epochs: 2 }), {
      control: new JobControl(),
      readPolicy: { everySteps: 4, intervalMs: Infinity },
      onBatch: (p) => {
        steps.push(p.batch);
        // Blow the weights up after step 2: step 3 is the first NaN loss.
        if (p.batch === 2) restoreWeights(model, nanWeights());
      },
    });
    model.dispose();
    expect(result.end).toBe('nan');
    expect(result.nanAt).toMatchObject({ epoch: 1, batch: 3 });
    expect(result.nanAt!.loss).toBeNaN();
    // Reads come after step 1 and step 5 (steps 2-5 in one read): the run stops at step 5, before reporting it.
    expect(steps).toEqual([1, 2, 3, 4]);
    expect(result.epochsDone).toBe(0);
  });

  test('a step tuner hears of every training step, before it runs and then how long its call took', async () => {
    let clock = 0;
    const events: string[] = [];
    const model = buildModel(arch());
    // 64 images in batches of 8: 8 steps per epoch, 2 epochs.
    await trainModel(model, syntheticData({ train: 64, val: 16 }), options({ epochs: 2 }), {
      control: new JobControl(),
      now: () => (clock += 5),
      stepTuner: {
        before: () => events.push('before'),
        after: (ms) => events.push(`after ${ms > 0 && ms < 1000 ? 'ok' : ms}`),
      },
      onBatch: (p) => events.push(`batch ${p.batch}`),
    });
    model.dispose();
    const perStep = ['before', 'after ok'];
    const epoch = Array.from({ length: 8 }, (_, b) => [...perStep, `batch ${b + 1}`]).flat();
    expect(events).toEqual([...epoch, ...epoch]);
  });
});
