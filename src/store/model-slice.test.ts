import { beforeEach, describe, expect, it } from 'vitest';
import { labStore } from './test-helpers';
import type { LabStore } from './create';
import { initialArchitecture } from './model-slice';

let lab: LabStore;
const state = () => lab.getState();
const types = () => state().arch.layers.map((l) => l.type);

describe('model slice', () => {
  beforeEach(() => {
    lab = labStore();
    lab.setState({
      arch: initialArchitecture(),
      presetId: 'mnist-convnet',
      past: [],
      future: [],
      modelLock: null,
      modelNotice: null,
    });
  });

  it('adds, moves, duplicates and removes layers, each undoable and redoable', () => {
    const start = types();
    const id = state().addLayer('Dropout', 6)!;
    expect(types()[6]).toBe('Dropout');
    expect(state().presetId).toBeNull();
    state().moveLayer(id, 0);
    expect(types()[0]).toBe('Dropout');
    state().duplicateLayer(id);
    expect(types().slice(0, 2)).toEqual(['Dropout', 'Dropout']);
    expect(state().arch.layers[1]!.id).not.toBe(id);
    state().removeLayer(id);
    expect(types().filter((t) => t === 'Dropout')).toHaveLength(1);
    for (let i = 0; i < 4; i++) state().undo();
    expect(types()).toEqual(start);
    state().redo();
    expect(types()[6]).toBe('Dropout');
  });

  it('makes one undo step of edits that share an edit key', () => {
    const conv = state().arch.layers[0]!;
    state().updateLayer(conv.id, { filters: 1 } as never, 'k1');
    state().updateLayer(conv.id, { filters: 16 } as never, 'k1');
    state().updateLayer(conv.id, { filters: 64 } as never, 'k2');
    expect(state().past).toHaveLength(2);
    state().undo();
    expect(state().arch.layers[0]).toMatchObject({ filters: 16 });
    state().undo();
    expect(state().arch.layers[0]).toMatchObject({ filters: 32 });
  });

  it('refuses edits while locked and says why', () => {
    state().setModelLock('Training is running: stop it to edit the model.');
    const before = state().arch;
    state().addLayer('Dense');
    state().applyPreset('mnist-dense');
    state().undo();
    expect(state().arch).toBe(before);
    expect(state().modelNotice).toMatch(/Training is running/);
    state().setModelLock(null);
    expect(state().modelNotice).toBeNull();
    state().applyPreset('mnist-dense');
    expect(types()).toEqual(['Flatten', 'Dense', 'Dense']);
    expect(state().presetId).toBe('mnist-dense');
  });

  it('a preset replaces the stack and sets its input shape and classes', () => {
    state().applyPreset('catsdogs-naive');
    expect(state().arch.input).toEqual({ height: 180, width: 180, channels: 3 });
    expect(state().arch.numClasses).toBe(2);
    state().undo();
    expect(state().arch.input.height).toBe(28);
  });

  it("with data loaded, a preset takes the data's size, colour and classes instead of re-making the data", () => {
    const loaded = (id: string, height: number, channels: 1 | 3, classes: number) =>
      ({
        id,
        name: id,
        source: 'builtin',
        height,
        width: height,
        channels,
        classNames: Array(classes).fill('c'),
      }) as never;
    lab.setState({
      dataset: loaded('Shapes', 32, 3, 4),
      arch: { ...state().arch, input: { height: 32, width: 32, channels: 3 } },
    });
    state().applyPreset('mnist-convnet');
    expect(state().arch.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(state().arch.numClasses).toBe(4);
    expect(state().modelNotice).toBeNull();
    // Too small for the cats-vs-dogs convnet's pooling: its textbook size, in the data's colour, and the notice says so.
    state().applyPreset('catsdogs-naive');
    expect(state().arch.input).toEqual({ height: 180, width: 180, channels: 3 });
    expect(state().modelNotice).toMatch(/Shapes is made again at its textbook size: 180×180 colour/);
    lab.setState({ dataset: null });
  });

  it('records when the student sets the input by hand; a preset clears it', () => {
    const s = () => lab.getState();
    s().applyPreset('mnist-convnet');
    expect(s().inputSetByHand).toBe(false);
    s().setInputShape({ height: 40 }, undefined, false); // the lab following a dataset
    expect(s().inputSetByHand).toBe(false);
    s().setInputShape({ height: 32 });
    expect(s().inputSetByHand).toBe(true);
    s().applyPreset('catsdogs-naive');
    expect(s().inputSetByHand).toBe(false);
    expect(s().arch.input).toEqual({ height: 180, width: 180, channels: 3 });
  });
});
