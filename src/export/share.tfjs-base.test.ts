import { describe, expect, it } from 'vitest';
import { inferSummary } from '../model/infer';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { resolveTfjsBases } from '../model/bases/tfjs-use';
import type { KeptTfjsBase, TfjsBaseModel } from '../model/bases/tfjs-types';
import { decodeShare, encodeShare } from './share';

// A feature model of two convolutions, as tfjs would describe it.
const conv = (name: string, channels: number, params: number) => ({
  name,
  className: 'Conv2D',
  outputShape: [16, 16, channels],
  params,
  trainableParams: params,
});
const MODEL: TfjsBaseModel = {
  name: 'model_1',
  input: [32, 32, 3],
  outputShape: [16, 16, 16],
  layers: [conv('conv1', 8, 224), conv('conv_dw_1', 16, 144)],
};
const kept = { fileName: 'model_1-0123abcd', model: MODEL } as KeptTfjsBase;
const a: Architecture = {
  input: { height: 32, width: 32, channels: 3 },
  layers: [
    {
      type: 'Base',
      base: 'tfjs',
      alpha: 1,
      fineTuneFrom: 'conv_dw_1',
      tfjs: { file: kept.fileName, preprocess: 'tf', model: MODEL },
    },
    { type: 'GlobalAveragePooling2D' },
    { type: 'Dense', units: 2, activation: 'softmax' },
  ].map((l) => withId(l as LayerConfig)),
  numClasses: 2,
};

describe('a share link of a model with a TensorFlow.js base', () => {
  it('a share link carries its name only; the lab that opens it finds the kept one, or says it is missing', async () => {
    const link = await encodeShare({ arch: a, settings: {}, dataset: null, text: null, ab: null });
    const opened = await decodeShare(link);
    if (!opened.ok) throw new Error(opened.message);
    const layer = opened.setup.arch.layers[0]!;
    expect(layer).toMatchObject({
      base: 'tfjs',
      fineTuneFrom: 'conv_dw_1',
      tfjs: { file: kept.fileName, model: null },
    });
    expect(inferSummary(opened.setup.arch).issues[0]!.message).toMatch(/is not kept in this browser/);
    const found = resolveTfjsBases(opened.setup.arch, [kept]);
    expect(found.layers[0]).toMatchObject({ tfjs: { model: MODEL } });
    expect(inferSummary(found).valid).toBe(true);
    expect(resolveTfjsBases(opened.setup.arch, [])).toBe(opened.setup.arch);
  });
});
