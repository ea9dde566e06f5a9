import { describe, expect, it } from 'vitest';
import { inferSummary } from '../model/infer';
import type { KeptTfjsBase } from '../model/bases/tfjs-types';
import { completeClient, labStore } from './test-helpers';

const KEPT: KeptTfjsBase = {
  fileName: 'model_1-0123abcd',
  picked: ['model.json', 'weights.bin'],
  source: 'teachable-machine',
  preprocess: 'tf',
  model: {
    name: 'model_1',
    input: [32, 32, 3],
    outputShape: [16, 16, 16],
    layers: [{ name: 'conv1', className: 'Conv2D', outputShape: [16, 16, 16], params: 448, trainableParams: 448 }],
  },
  bytes: 448 * 4,
  where: 'opfs',
  keptAt: 1,
};
const file = (name: string) => new File([new Uint8Array([1])], name);

describe('TensorFlow.js bases in the store', () => {
  it('adds picked files through the worker, lists the kept base, and puts it at the start of the stack', async () => {
    const sent: string[][] = [];
    const store = labStore(
      completeClient({
        addTfjsBase: async (files) => {
          sent.push(files.map((f) => f.name));
          return { ok: true, value: KEPT };
        },
      }),
    );
    expect(await store.getState().addTfjsBase([file('model.json'), file('weights.bin')])).toBe(true);
    expect(sent).toEqual([['model.json', 'weights.bin']]);
    expect(store.getState().tfjsBases).toEqual([KEPT]);
    expect(store.getState().putTfjsBase(KEPT.fileName)).toBe(true);
    const { arch } = store.getState();
    expect(arch.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(inferSummary(arch).rows[0]).toMatchObject({ name: 'model_1', type: 'Base', params: 448 });
    store.getState().undo();
    expect(store.getState().arch.layers.some((l) => l.type === 'Base')).toBe(false);
  });

  it("shows the worker's message for a bad file and changes nothing", async () => {
    const store = labStore(
      completeClient({
        addTfjsBase: async () => ({
          ok: false,
          failure: { kind: 'data', message: "model.json names the weight file 'weights.bin'", fix: 'Pick it too.' },
        }),
      }),
    );
    const before = store.getState().arch;
    expect(await store.getState().addTfjsBase([file('model.json')])).toBe(false);
    expect(store.getState().tfjsBaseFailure).toEqual({
      message: "model.json names the weight file 'weights.bin'",
      fix: 'Pick it too.',
    });
    expect(store.getState().arch).toBe(before);
    expect(store.getState().tfjsBaseJob).toBeNull();
  });

  it('a stack naming a kept base by name only (a share link) gets its description when the list arrives', async () => {
    const store = labStore(completeClient({ tfjsBases: async () => ({ ok: true, value: [KEPT] }) }));
    const layer = {
      type: 'Base',
      base: 'tfjs',
      alpha: 1,
      fineTuneFrom: null,
      tfjs: { file: KEPT.fileName, preprocess: 'tf', model: null },
    } as const;
    store.getState().replaceArchitecture({
      ...store.getState().arch,
      input: { height: 32, width: 32, channels: 3 },
      layers: [
        { ...layer, id: 'b' },
        { type: 'Flatten', id: 'f' },
        { type: 'Dense', units: 10, activation: 'softmax', id: 'd' },
      ],
    });
    expect(inferSummary(store.getState().arch).valid).toBe(false);
    await store.getState().refreshTfjsBases();
    expect(inferSummary(store.getState().arch).valid).toBe(true);
  });
});
