import { describe, expect, it } from 'vitest';
import { inferSummary } from '../infer';
import { defaultLayer, withId, type Architecture, type LayerConfig } from '../layers';
import { findPreset } from '../presets';
import { sanitizeArchitecture } from '../sanitize';
import { pixelScale } from '../training';
import { fineTuneChoices } from './summary';

const build = (id: string): Architecture => findPreset(id)!.build();
const arch = (layers: LayerConfig[], height = 180, width = 180, channels = 3): Architecture => ({
  input: { height, width, channels },
  layers: layers.map((l) => withId(l)),
  numClasses: 2,
});
const head: LayerConfig[] = [{ type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'sigmoid' }];

describe("a pretrained base in the summary, as Keras' model.summary() prints it", () => {
  it("the textbook's frozen VGG16 with augmentation: one vgg16 (Functional) row, 17,992,001 = 3,277,313 + 14,714,688", () => {
    const s = inferSummary(build('vgg16-feature-extraction-augmented'));
    expect(s.valid).toBe(true);
    const base = s.rows[3]!;
    expect(base).toMatchObject({ name: 'vgg16', type: 'Base', outputShape: [5, 5, 512], params: 14714688 });
    expect(s.rows.filter((r) => r.type === 'Base')).toHaveLength(1);
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([17992001, 3277313, 14714688]);
    expect(s.loss).toBe('binary_crossentropy');
  });

  it('fine-tuning from block5_conv1: Trainable 10,356,737, Non-trainable 7,635,264', () => {
    const s = inferSummary(build('vgg16-fine-tuning'));
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([17992001, 10356737, 7635264]);
  });

  it("MobileNetV2 at 160 with TensorFlow's tutorial head: 2,259,265 of which 1,281 train", () => {
    const s = inferSummary(build('mobilenet-v2-feature-extraction'));
    expect(s.rows[0]).toMatchObject({ name: 'mobilenetv2_1.00_160', outputShape: [5, 5, 1280], params: 2257984 });
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([2259265, 1281, 2257984]);
  });

  it('refuses a base anywhere but the start (after augmentation and Rescaling only)', () => {
    const s = inferSummary(arch([defaultLayer('Conv2D'), defaultLayer('Base'), ...head]));
    expect(s.valid).toBe(false);
    expect(s.issues[0]!.message).toMatch(/Layer 2 \(vgg16, Functional\): a pretrained base must be the first block/);
    const rescaled = inferSummary(
      arch([{ type: 'Rescaling', scale: 1 / 255, offset: 0 }, defaultLayer('Base'), ...head]),
    );
    expect(rescaled.valid).toBe(true);
    expect(rescaled.rows[1]!.warning).toMatch(/expects pixels from 0 to 255/);
  });

  it("shows Keras' own refusals: grey input (shapes still known) and inputs under 32x32", () => {
    const grey = inferSummary(arch([defaultLayer('Base'), ...head], 180, 180, 1));
    expect(grey.valid).toBe(false);
    expect(grey.issues[0]!.message).toContain(
      'Keras refuses this input: The input must have 3 channels; Received `input_shape=(180, 180, 1)`',
    );
    expect(grey.issues[0]!.fix).toMatch(/set the input channels to 3/);
    expect(grey.rows.every((r) => r.outputShape !== null)).toBe(true);
    const small = inferSummary(arch([defaultLayer('Base'), ...head], 28, 28));
    expect(small.issues[0]!.message).toContain('Input size must be at least 32x32; Received: input_shape=(28, 28, 3)');
    expect(small.rows[0]!.outputShape).toBeNull();
  });

  it('keeps a stored base with a bad setting visible as an error, never a crash', () => {
    const fallback = build('mnist-convnet');
    const stored = sanitizeArchitecture(
      {
        input: { height: 96, width: 96, channels: 3 },
        numClasses: 2,
        layers: [{ type: 'Base', id: 'b', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: 'block5_conv1' }, ...head],
      },
      fallback,
    );
    expect(stored.layers[0]).toEqual({
      type: 'Base',
      id: 'b',
      base: 'mobilenet_v2',
      alpha: 0.35,
      fineTuneFrom: 'block5_conv1',
    });
    const s = inferSummary(stored);
    expect(s.issues[0]!.message).toMatch(/no layer with weights named "block5_conv1"/);
    const old = sanitizeArchitecture(
      {
        input: { height: 96, width: 96, channels: 3 },
        numClasses: 2,
        layers: [{ type: 'Base', id: 'b', base: 'resnet' }, ...head],
      },
      fallback,
    );
    expect(inferSummary(old).issues[0]!.message).toMatch(/unknown base "resnet"/);
    const alpha = sanitizeArchitecture(
      {
        input: { height: 96, width: 96, channels: 3 },
        numClasses: 2,
        layers: [{ type: 'Base', id: 'b', base: 'mobilenet_v2', alpha: 0.6 }, ...head],
      },
      fallback,
    );
    expect(inferSummary(alpha).issues[0]!.message).toMatch(/alpha must be one of 0.35, 0.5, 0.75, 1, 1.3, 1.4/);
  });

  it("offers the base's weighted layers to fine-tune from, and feeds it 0-255 pixels", () => {
    expect(fineTuneChoices({ base: 'vgg16', alpha: 1 })).toContain('block5_conv1');
    expect(fineTuneChoices({ base: 'mobilenet_v2', alpha: 0.35 })[0]).toBe('Conv1');
    expect(pixelScale(build('vgg16-feature-extraction'))).toBe(1);
  });
});
