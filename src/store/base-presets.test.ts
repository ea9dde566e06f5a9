import { describe, expect, it } from 'vitest';
import { inferSummary } from '../model/infer';
import { labStore } from './test-helpers';

describe('the transfer-learning presets in the store', () => {
  it("fine-tuning brings the textbook's RMSprop at 1e-5; feature extraction keeps the student's settings", () => {
    const lab = labStore();
    lab.getState().setTrainSettings({ optimizer: 'adam', learningRate: 0.003 });
    lab.getState().applyPreset('vgg16-feature-extraction-augmented');
    expect(lab.getState().trainSettings).toMatchObject({ optimizer: 'adam', learningRate: 0.003 });
    lab.getState().applyPreset('vgg16-fine-tuning');
    expect(lab.getState().trainSettings).toMatchObject({ optimizer: 'rmsprop', learningRate: 1e-5 });
    const s = inferSummary(lab.getState().arch);
    expect([s.trainableParams, s.nonTrainableParams]).toEqual([10356737, 7635264]);
  });

  it('a fine-tune choice is one undoable edit of the base', () => {
    const lab = labStore();
    lab.getState().applyPreset('vgg16-feature-extraction');
    const base = lab.getState().arch.layers[0]!;
    lab.getState().updateLayer(base.id, { fineTuneFrom: 'block4_conv1' }, 'base-1');
    expect(inferSummary(lab.getState().arch).trainableParams).toBe(3277313 + 12979200);
    lab.getState().undo();
    expect(lab.getState().arch.layers[0]).toMatchObject({ fineTuneFrom: null });
  });
});
