import { vi } from 'vitest';
// Shared by the store tests: a fresh store per test, a scripted training
// worker (the test drives its events and decides how each job ends) and a
// small dataset to train on.
import type { StateStorage } from 'zustand/middleware';
import type { ImageDataset, SplitData } from '../data/types';
import { archBaseNeed, type KeptBaseFile } from '../model/base-files';
import { weightsFileName } from '../model/bases/weights';
import type { Architecture, LayerSpec } from '../model/layers';
import { findPreset } from '../model/presets';
import { createLabStore, type LabStore } from './create';
import type { LabDeps } from './deps';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import type { TrainClient } from '../client/client';
import type { ControlAction, EvaluateRequest, TrainEvent, TrainOutcome, TrainRequest } from '../client/types';

export const split = (count: number, bytesPerImage = 784): SplitData => ({
  images: new Uint8Array(count * bytesPerImage),
  labels: new Uint16Array(count),
  count,
});

export const mnistLike: ImageDataset = {
  id: 'mnist-test',
  name: 'MNIST (test)',
  source: 'builtin',
  classNames: [...'0123456789'],
  height: 28,
  width: 28,
  channels: 1,
  train: split(40),
  val: split(10),
  test: split(10),
};

export const epoch = (n: number, valLoss: number, loss = 1 / n) => ({
  epoch: n,
  loss,
  accuracy: 0.5,
  valLoss,
  valAccuracy: 0.5,
  seconds: 1,
});

/** `dataInTransit`: setDataset resolves only when the test calls arrive(). */
export function fakeClient(options: { dataInTransit?: boolean } = {}) {
  const arrivals: (() => void)[] = [];
  const jobs: {
    jobId: string;
    request: TrainRequest;
    emit: (e: TrainEvent) => void;
    end: (o: TrainOutcome) => void;
    controls: ControlAction[];
  }[] = [];
  const evaluations: EvaluateRequest[] = [];
  const deleted: string[] = [];
  const scripted: Partial<TrainClient> = {
    setDataset: options.dataInTransit ? () => new Promise<void>((resolve) => arrivals.push(resolve)) : async () => {},
    hasDataset: async () => true,
    train(request, onEvent, options) {
      return new Promise<TrainOutcome>((end) =>
        jobs.push({ jobId: options?.jobId ?? '', request, emit: onEvent, end, controls: [] }),
      );
    },
    control: async (jobId, action) => void jobs.find((j) => j.jobId === jobId)?.controls.push(action),
    evaluate: async (request) => {
      evaluations.push(request);
      return { ok: true, result: { epoch: 2, loss: 0.3, accuracy: 0.9, perClass: new Array(10).fill(0.9), count: 10 } };
    },
    getWeights: async () => null,
    deleteRun: async (runId) => void deleted.push(runId),
  };
  const client = completeClient(scripted);
  const arrive = () => arrivals.splice(0).forEach((resolve) => resolve());
  return { client, jobs, evaluations, deleted, arrive };
}

const noModelYet = {
  ok: false as const,
  failure: { kind: 'data' as const, message: 'There is no trained model yet.', fix: 'Train a run first.' },
};

/**
 * A whole client from the methods a test scripts: every other worker method (layer weights, inspect,
 * preview, export, ...) answers "no model yet", so a method added to the protocol needs no test edit.
 */
export function completeClient(scripted: Partial<TrainClient>): TrainClient {
  return new Proxy(scripted, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : async () => noModelYet),
  }) as unknown as TrainClient;
}

/** Lets pending promise callbacks run (the slices await the client). */
export const flush = () => new Promise((r) => setTimeout(r, 0));

/** Ends the fake client's job `i` after two epochs, the first one best, as a run of a series (A/B, three-way). */
export async function finishTwoEpochJob(
  fake: ReturnType<typeof fakeClient>,
  i: number,
  counts: { train: number; val: number },
): Promise<void> {
  await flush();
  const job = fake.jobs[i]!;
  job.emit({
    type: 'started',
    batchesPerEpoch: 2,
    trainCount: counts.train,
    valCount: counts.val,
    memory: { numTensors: 0, numBytes: 0 },
    pieces: null,
  });
  job.emit({ type: 'epoch', metrics: epoch(1, 0.5), isBest: true });
  job.emit({ type: 'epoch', metrics: epoch(2, 0.7), isBest: false });
  job.end({ end: 'done', epochsDone: 2, bestEpoch: 1 });
  await flush();
  await flush();
}

/** A localStorage stand-in: what a store saves, for a test to read or to give a "reloaded" store. */
export function memoryStorage(): StateStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** A fresh store over `client` (every call answers "no model yet" unless scripted), nothing saved yet. */
export function labStore(client: TrainClient = completeClient({}), deps: Partial<LabDeps> = {}): LabStore {
  return createLabStore({ client, runsDb: null, storage: memoryStorage(), ...deps });
}

/** A stand-in for public/datasets/mnist.bin ('MNST', count, 28, 28, labels, pixels): `perDigit` images per digit. */
export function fakeMnistBin(perDigit = 10): ArrayBuffer {
  const count = perDigit * 10;
  const buf = new ArrayBuffer(12 + count + count * 784);
  const view = new DataView(buf);
  [...'MNST'].forEach((c, i) => view.setUint8(i, c.charCodeAt(0)));
  view.setUint32(4, count, true);
  view.setUint16(8, 28, true);
  view.setUint16(10, 28, true);
  for (let i = 0; i < count; i++) {
    view.setUint8(12 + i, Math.floor(i / perDigit));
    view.setUint8(12 + count + i * 784 + (i % 784), 255); // every image different
  }
  return buf;
}

/** Serves the fake MNIST file (fakeMnistBin) to every fetch; the test undoes it with vi.unstubAllGlobals(). */
export function stubMnistFetch(): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(fakeMnistBin())),
  );
}

/** MobileNetV2 0.35 at 96x96 with the tutorial's head, for `classes` classes. */
export function mobileNet96(classes = 2): Architecture {
  const arch = findPreset('mobilenet-v2-feature-extraction')!.build();
  const layers = arch.layers.map((l) => (l.type === 'Base' ? ({ ...l, alpha: 0.35 } as LayerSpec) : l));
  const last = layers.at(-1)!;
  if (classes !== 2) layers[layers.length - 1] = { ...last, units: classes, activation: 'softmax' } as LayerSpec;
  return { ...arch, input: { height: 96, width: 96, channels: 3 }, layers, numClasses: classes };
}

/** The kept-file entry of the weights `arch`'s base needs (what the worker lists after a file was added). */
export const keptFor = (arch: Architecture): KeptBaseFile => {
  const need = archBaseNeed(arch)!;
  return {
    fileName: weightsFileName(need.ref, need.rows),
    ref: need.ref,
    rows: need.rows,
    bytes: 1,
    md5: '',
    checksum: 'unknown',
    where: 'indexeddb',
    keptAt: 0,
  };
};

/** Two classes of 96x96 colour images (MobileNetV2 0.35's input). */
export const colour96: ImageDataset = {
  id: 'colour-96',
  name: 'Colour 96',
  source: 'folder',
  classNames: ['cat', 'dog'],
  height: 96,
  width: 96,
  channels: 3,
  train: split(12, 96 * 96 * 3),
  val: split(4, 96 * 96 * 3),
  test: split(4, 96 * 96 * 3),
};

/** A finished run of `arch` on colour96 with a kept checkpoint (epoch 2 of 2), as Runs lists it. */
export const keptRun = (arch: Architecture, patch: Partial<Run> = {}): Run => ({
  id: 'kept-run',
  createdAt: 0,
  arch,
  loss: 'binary_crossentropy',
  settings: { ...DEFAULT_SETTINGS, epochs: 2 },
  dataset: {
    id: colour96.id,
    name: colour96.name,
    classNames: colour96.classNames,
    counts: { train: 12, val: 4, test: 4 },
  },
  epochs: [epoch(1, 0.6), epoch(2, 0.5)],
  bestEpoch: 2,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
  ...patch,
});
