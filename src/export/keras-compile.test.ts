// The exported programs compile in Python (py_compile: syntax, not Keras itself). Needs python3; without it
// these tests are reported as skipped, never as passed.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../model/presets';
import { kerasScript } from './keras';
import { layerCall } from './layers-py';
import { hasPython, pyCompileError } from './py-test-helpers';
import {
  AUGMENTATION,
  dataFor,
  everyLayerArch,
  folderData,
  mnistData,
  settings,
  shapesSetup,
  splitFoldersArch,
  splitFoldersData,
} from './export-test-helpers';

describe.skipIf(!hasPython)('exported Keras scripts compile in Python', () => {
  for (const preset of PRESETS) {
    it(`preset ${preset.id}`, () => {
      const arch = preset.build();
      const script = kerasScript(arch, settings, dataFor(preset.id, arch));
      expect(pyCompileError(script, `${preset.id.replace(/-/g, '_')}.py`)).toBeNull();
    });
  }

  it('every layer type with its arguments', () => {
    const arch = everyLayerArch();
    expect(pyCompileError(kerasScript(arch, settings, folderData(arch, ['a', 'b', 'c'])))).toBeNull();
  });

  it('the augmentation layer calls', () => {
    const calls = AUGMENTATION.spec.map((l, i) => layerCall(l, AUGMENTATION.names[i]!));
    expect(pyCompileError(`from keras import layers\n${calls.map((c) => `print(${c})`).join('\n')}\n`)).toBeNull();
  });

  it('split folders, with and without a test folder', () => {
    const arch = splitFoldersArch();
    const all = splitFoldersData(arch, { train: 'train', val: 'val', test: 'test' });
    const noTest = splitFoldersData(arch, { train: 'training', val: 'validation', test: null });
    for (const data of [all, noTest]) expect(pyCompileError(kerasScript(arch, settings, data))).toBeNull();
  });

  it('the built-in datasets: MNIST, and Shapes drawn into a folder', () => {
    const mnist = PRESETS[0]!.build();
    const shapes = shapesSetup();
    expect(pyCompileError(kerasScript(mnist, settings, mnistData(mnist)))).toBeNull();
    expect(pyCompileError(kerasScript(shapes.arch, settings, shapes.data))).toBeNull();
  });
});
