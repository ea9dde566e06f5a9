import { describe, expect, it } from 'vitest';
import { findPreset } from '../../model/presets';
import { planAb } from './ab';
import { abArm, defaultRunName, modelName } from './names';
import { THREE_WAY_NAME } from './three';

const arch = (id: string) => findPreset(id)!.build();
const dataset = { id: 'mnist', name: 'MNIST digits', classNames: [], counts: { train: 8, val: 1, test: 1 } };
const createdAt = Date.UTC(2026, 11, 6, 1, 23);

describe('run names say what the run is', () => {
  it('names a preset by its label, at any input size', () => {
    expect(modelName(arch('mnist-convnet'))).toBe('MNIST convnet');
    expect(modelName({ ...arch('mnist-convnet'), input: { height: 32, width: 32, channels: 3 } })).toBe(
      'MNIST convnet',
    );
  });

  it('names anything else by what it holds', () => {
    const edited = arch('mnist-convnet');
    const conv = edited.layers.find((l) => l.type === 'Conv2D')!;
    if (conv.type === 'Conv2D') conv.filters = 64;
    expect(modelName(edited)).toMatch(/^custom, 3 Conv2D, \d{1,3}(,\d{3})* params$/);
    // 104,202 with 32 filters; 64 add 320 weights to the first Conv2D and 18,432 to the second.
    expect(modelName(edited)).toBe('custom, 3 Conv2D, 122,954 params');
  });

  it('says the model, the A/B arm and the dataset, so two runs on the same data read differently', () => {
    const plan = planAb(arch('mnist-convnet'));
    const ab = { id: 'ab1', name: plan.name, label: '' };
    const plain = { arch: plan.a.arch, ab, dataset, createdAt };
    const augmented = { arch: plan.b.arch, ab, dataset, createdAt };
    expect(abArm(plain)).toBe('plain');
    expect(abArm(augmented)).toBe('augmented');
    expect(abArm({ arch: plan.b.arch })).toBe('');
    // The three-way comparison's runs share an `ab` record but are no A/B arm.
    expect(abArm({ arch: plan.b.arch, ab: { id: 't', name: THREE_WAY_NAME, label: 'fine-tuning' } })).toBe('');
    expect(defaultRunName(plain)).toMatch(/^MNIST convnet · A\/B plain · MNIST digits · 6 Dec \d\d:23$/);
    expect(defaultRunName(augmented)).toMatch(/^MNIST convnet · A\/B augmented \+ Dropout · MNIST digits · /);
    expect(defaultRunName({ arch: arch('mnist-dense'), dataset, createdAt })).toMatch(
      /^MNIST densely connected · MNIST digits/,
    );
  });
});
