// The client over a fake worker: a MessageChannel with the real Comlink on
// both ends, so calls, callbacks, tickets and aborts cross a real port.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrainClient, WorkerCrashedError, type TrainClient } from './client';
import type { JobTicket, LongCallArity } from '../worker/job-ticket';
import {
  LONG_CALLS,
  type EvaluateRequest,
  type ImageBatch,
  type TrainEvent,
  type TrainOutcome,
  type TrainRequest,
  type TrainWorkerApi,
} from '../worker/protocol';
import type { ImageDataset } from '../data/types';

/** Looks like a Worker to the client; the other end of its port runs `api`. */
class FakeWorker extends EventTarget {
  readonly channel = new MessageChannel();
  terminated = false;
  constructor(api: object) {
    super();
    Comlink.expose(api, this.channel.port2);
    this.channel.port1.onmessage = (e) => this.dispatchEvent(new MessageEvent('message', { data: e.data }));
  }
  postMessage(message: unknown, transfer: Transferable[] = []) {
    this.channel.port1.postMessage(message, transfer);
  }
  terminate() {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

const split = { images: new Uint8Array(4), labels: new Uint16Array(1), count: 1 };
const dataset: ImageDataset = {
  id: 'd1',
  name: 'D',
  source: 'builtin',
  classNames: ['a', 'b'],
  height: 2,
  width: 2,
  channels: 1,
  train: split,
  val: split,
  test: split,
};
const trainRequest = { runId: 'r1', datasetId: 'd1' } as unknown as TrainRequest;
const evaluateRequest = { runId: 'r1', split: 'test' } as unknown as EvaluateRequest;
const images: ImageBatch = { pixels: new Uint8Array(4), count: 1, height: 2, width: 2, channels: 1 };
const outcome: TrainOutcome = { end: 'done', epochsDone: 1, bestEpoch: 1 };

/** A full fake API that records what reached the worker (after the structured clone) and answers plainly. */
function fakeApi() {
  const calls: { name: string; args: unknown[] }[] = [];
  const stopped = new Map<string, () => void>();
  const record = (name: string, args: unknown[]) => calls.push({ name, args });
  const api: TrainWorkerApi & { doubled(n: number): Promise<number> } = {
    async setDataset(...args) {
      record('setDataset', args);
    },
    async hasDataset(...args) {
      record('hasDataset', args);
      return true;
    },
    async train(request, onEvent, job) {
      record('train', [request, typeof onEvent, job]);
      await onEvent({ type: 'preparing', message: 'hello' });
      return outcome;
    },
    async control(...args) {
      record('control', args);
      if (args[1] === 'stop') stopped.get(args[0])?.();
    },
    evaluate(request, job) {
      record('evaluate', [request, job]);
      if (request.runId !== 'slow')
        return Promise.resolve({ ok: true, result: { epoch: 1, loss: 1, accuracy: 0.5, perClass: [0.5], count: 1 } });
      // A long evaluation that ends only when its job is stopped.
      return new Promise((resolve) =>
        stopped.set(job.jobId, () =>
          resolve({ ok: false, failure: { kind: 'unknown', message: 'Evaluation was cancelled.', fix: '' } }),
        ),
      );
    },
    async getWeights(...args) {
      record('getWeights', args);
      return null;
    },
    async deleteRun(...args) {
      record('deleteRun', args);
    },
    async layerWeights(...args) {
      record('layerWeights', args);
      return { ok: true, value: { runId: 'r1', layerName: 'conv2d', at: { epoch: 1, batch: 2 }, tensors: [] } };
    },
    async predict(...args) {
      record('predict', args);
      return {
        ok: true,
        value: {
          runId: 'r1',
          at: { epoch: 1, batch: null },
          numClasses: 2,
          probabilities: new Float32Array([0.25, 0.75]),
        },
      };
    },
    // augmentation preview
    async augmentSamples(...args) {
      record('augmentSamples', args);
      return { ok: true, value: [new Uint8Array([1, 2, 3, 4])] };
    },
    // Inspect: answered plainly, the arguments recorded.
    async inspectKernels(...args) {
      record('inspectKernels', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async inspectActivations(...args) {
      record('inspectActivations', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async inspectConv(...args) {
      record('inspectConv', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async inspectPool(...args) {
      record('inspectPool', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async inspectConfusion(...args) {
      record('inspectConfusion', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async inspectPredict(...args) {
      record('inspectPredict', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    async snapshots(...args) {
      record('snapshots', args);
      return { ok: false, failure: { kind: 'data', message: 'none', fix: '' } };
    },
    // model export / import
    async exportModel(...args) {
      record('exportModel', args);
      return { ok: true, value: [{ name: 'm.zip', bytes: new Uint8Array([1, 2]) }] };
    },
    async importModel(...args) {
      record('importModel', args);
      return { ok: false, failure: { kind: 'data', message: 'bad', fix: '' } };
    },
    // pixels on disk while training
    async pixelsToDisk(...args) {
      record('pixelsToDisk', args);
      return { ok: true, value: { layout: { offsets: { train: 0, val: 4, test: 8 }, bytes: 12 } } };
    },
    async pixelsBack(...args) {
      record('pixelsBack', args);
      return {
        ok: true,
        value: { block: new SharedArrayBuffer(12), layout: { offsets: { train: 0, val: 4, test: 8 }, bytes: 12 } },
      };
    },
    async readImages(...args) {
      record('readImages', args);
      return { ok: true, value: new Uint8Array([9, 9, 9, 9]) };
    },
    // pretrained bases' weight files
    async baseFiles(...args) {
      record('baseFiles', args);
      return { ok: true, value: [] };
    },
    async addBaseFile(...args) {
      record('addBaseFile', args);
      return { ok: false, failure: { kind: 'data', message: 'not HDF5', fix: '' } };
    },
    async downloadBaseFile(plan, meant, downloadId, onProgress) {
      record('downloadBaseFile', [plan, meant, downloadId, typeof onProgress]);
      return { ok: false, failure: { kind: 'data', message: 'offline', fix: '' } };
    },
    async cancelBaseDownload(...args) {
      record('cancelBaseDownload', args);
    },
    async removeBaseFile(...args) {
      record('removeBaseFile', args);
      return { ok: true, value: null };
    },
    async tfjsBases(...args) {
      record('tfjsBases', args);
      return { ok: true, value: [] };
    },
    async addTfjsBase(...args) {
      record('addTfjsBase', args);
      return { ok: false, failure: { kind: 'data', message: 'not a LayersModel', fix: '' } };
    },
    async removeTfjsBase(...args) {
      record('removeTfjsBase', args);
      return { ok: true, value: null };
    },
    async cutTfjsBase(...args) {
      record('cutTfjsBase', args);
      return { ok: false, failure: { kind: 'data', message: 'no such layer', fix: '' } };
    },
    async projectRunData(runId) {
      record('projectRunData', [runId]);
      return { ok: true, value: { runId, best: null, last: null, snapshots: [] } };
    },
    async projectRestoreRuns(...args) {
      record('projectRestoreRuns', args);
      return { ok: true, value: null };
    },
    // Not in TrainWorkerApi: stands for a method added later.
    async doubled(n) {
      record('doubled', [n]);
      return 2 * n;
    },
  };
  return { api, calls };
}

const workers: FakeWorker[] = [];
function setup() {
  const fake = fakeApi();
  const client = createTrainClient(() => {
    const w = new FakeWorker(fake.api);
    workers.push(w);
    return w as unknown as Worker;
  });
  return { ...fake, client };
}
afterEach(() => {
  for (const w of workers.splice(0)) if (!w.terminated) w.terminate();
});

const ticket = expect.objectContaining({ jobId: expect.any(String), ticket: true });

describe('train worker client', () => {
  it('serves every API method through one generic wrapper, including one the client has never heard of', async () => {
    const { client, calls } = setup();
    const events: TrainEvent[] = [];
    // Typed per method: a method added to TrainWorkerApi makes this table (not the client) a compile error until it is tried here.
    const samples: { [K in keyof TrainWorkerApi]: Parameters<TrainClient[K]> } = {
      setDataset: [dataset],
      hasDataset: ['d1'],
      train: [trainRequest, (e) => void events.push(e)],
      control: ['job-x', 'pause'],
      evaluate: [evaluateRequest],
      getWeights: ['r1', 'best'],
      deleteRun: ['r1'],
      layerWeights: ['current', 'conv2d'],
      predict: [
        {
          runId: 'r1',
          which: 'best',
          arch: { input: { height: 2, width: 2, channels: 1 }, numClasses: 2, layers: [] },
        },
        images,
      ],
      // augmentation preview
      augmentSamples: [
        {
          arch: { input: { height: 2, width: 2, channels: 1 }, numClasses: 2, layers: [] },
          image: { pixels: new Uint8Array(4), height: 2, width: 2, channels: 1 },
          count: 9,
          seed: 1,
          enabled: [],
        },
        'cpu',
      ],
      inspectKernels: ['current', 'conv2d'],
      inspectActivations: ['current', { pixels: new Uint8Array(4), channelLimit: 1 }],
      inspectConv: ['current', { pixels: new Uint8Array(4), layer: 'conv2d', filter: 0 }],
      inspectPool: ['current', { pixels: new Uint8Array(4), layer: 'max_pooling2d', channel: 0 }],
      inspectConfusion: ['current', { datasetId: 'd1', split: 'val' }],
      inspectPredict: ['current', { pixels: new Uint8Array(4), method: 'saliency' }],
      snapshots: ['r1'],
      exportModel: [
        {
          runId: 'r1',
          which: 'best',
          arch: { input: { height: 2, width: 2, channels: 1 }, numClasses: 2, layers: [] },
          stripAugmentation: false,
          zip: true,
          stem: 'm',
        },
      ],
      importModel: ['r2', [{ name: 'model.json', bytes: new Uint8Array([123]) }]],
      pixelsToDisk: ['d1'],
      pixelsBack: ['d1'],
      readImages: ['d1', 'train', [0]],
      baseFiles: [],
      addBaseFile: [{ name: 'w.h5', blob: new Blob([new Uint8Array([1])]) }, null],
      downloadBaseFile: [
        { fileName: 'w.h5', url: 'http://localhost/w.h5', approxBytes: 4, md5: null },
        { ref: { base: 'vgg16' }, rows: 224 },
        'download-1',
        () => undefined,
      ],
      cancelBaseDownload: ['download-1'],
      removeBaseFile: ['w.h5'],
      tfjsBases: [],
      addTfjsBase: [[{ name: 'model.json', blob: new Blob([new Uint8Array([123])]) }]],
      removeTfjsBase: ['feat-0123abcd'],
      cutTfjsBase: ['feat-0123abcd', 'conv1'],
      projectRunData: ['r1'],
      projectRestoreRuns: [['r0'], []],
    };
    const answers: Record<string, unknown> = {};
    for (const name of Object.keys(samples) as (keyof TrainWorkerApi)[]) {
      const call = client[name] as (...args: unknown[]) => Promise<unknown>;
      answers[name] = await call(...samples[name]);
    }
    expect(calls.map((c) => c.name)).toEqual(Object.keys(samples));
    const args = Object.fromEntries(calls.map((c) => [c.name, c.args]));
    expect(args['setDataset']).toEqual([dataset]);
    expect(args['hasDataset']).toEqual(['d1']);
    expect(args['train']).toEqual([trainRequest, 'function', ticket]);
    expect(args['control']).toEqual(['job-x', 'pause']);
    expect(args['evaluate']).toEqual([evaluateRequest, ticket]);
    expect(args['getWeights']).toEqual(['r1', 'best']);
    expect(args['layerWeights']).toEqual(['current', 'conv2d']);
    expect(args['predict']).toEqual(samples.predict);
    expect(args['augmentSamples']).toEqual(samples.augmentSamples);
    expect(events).toEqual([{ type: 'preparing', message: 'hello' }]); // the callback came back through a proxy
    expect(answers['train']).toEqual(outcome);
    expect(answers['hasDataset']).toBe(true);
    expect(answers['readImages']).toEqual({ ok: true, value: new Uint8Array([9, 9, 9, 9]) });
    expect(answers['pixelsBack']).toMatchObject({ ok: true, value: { block: expect.any(SharedArrayBuffer) } });
    expect(answers['predict']).toMatchObject({ ok: true, value: { probabilities: new Float32Array([0.25, 0.75]) } });

    const later = client as unknown as { doubled(n: number): Promise<number> };
    await expect(later.doubled(21)).resolves.toBe(42);
    // Every long call of the API type has its arity entry, checked by the compiler.
    expect(Object.keys(LONG_CALLS).sort()).toEqual(['evaluate', 'train']);
    // @ts-expect-error a miscounted entry does not compile
    const wrong: LongCallArity<TrainWorkerApi> = { train: 1, evaluate: 1 };
    expect(wrong).toBeDefined();
  });

  it('a caller-chosen job id reaches the worker, for control()', async () => {
    const { client, calls } = setup();
    await client.train(trainRequest, () => {}, { jobId: 'mine' });
    expect((calls[0]!.args[2] as JobTicket).jobId).toBe('mine');
  });

  it('an aborted long call stops its job in the worker and rejects with an AbortError', async () => {
    const { client, calls } = setup();
    const abort = new AbortController();
    const pending = client.evaluate({ ...evaluateRequest, runId: 'slow' }, { signal: abort.signal });
    await expect.poll(() => calls.map((c) => c.name)).toEqual(['evaluate']);
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const jobId = (calls[0]!.args[1] as JobTicket).jobId;
    await expect.poll(() => calls.at(-1)).toEqual({ name: 'control', args: [jobId, 'stop'] });

    // Already aborted: refused at once, nothing sent.
    await expect(client.evaluate(evaluateRequest, { signal: abort.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(calls.filter((c) => c.name === 'evaluate')).toHaveLength(1);
  });

  it('sends a dataset once per worker; a crash fails the pending call, and the next call gets a fresh worker (and the dataset again)', async () => {
    const { client, calls } = setup();
    await client.setDataset(dataset);
    await client.setDataset(dataset);
    expect(calls.filter((c) => c.name === 'setDataset')).toHaveLength(1);
    await client.setDataset({ ...dataset, id: 'd2' });
    expect(calls.filter((c) => c.name === 'setDataset')).toHaveLength(2);

    const pending = client.evaluate({ ...evaluateRequest, runId: 'slow' });
    await expect.poll(() => calls.at(-1)?.name).toBe('evaluate');
    workers[0]!.crash('out of memory');
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(pending).rejects.toThrow('The training worker crashed: out of memory.');
    expect(workers[0]!.terminated).toBe(true);

    await expect(client.hasDataset('d1')).resolves.toBe(true);
    expect(workers).toHaveLength(2);
    await client.setDataset(dataset);
    expect(calls.filter((c) => c.name === 'setDataset')).toHaveLength(3);
  });

  it('keys a versioned dataset by id and version: the same images under a new object are not sent again', async () => {
    const { client, calls } = setup();
    const sent = () => calls.filter((c) => c.name === 'setDataset').length;
    await client.setDataset({ ...dataset, version: 1 });
    await client.setDataset({ ...dataset, version: 1 }); // its pixels moved to disk and back: a new object
    expect(sent()).toBe(1);
    await client.setDataset({ ...dataset, version: 2 }); // a re-split: new images under the same id
    expect(sent()).toBe(2);
  });
});
