import { describe, expect, it } from 'vitest';
import { configOf, withId, type Architecture } from '../model/layers';
import { inferSummary } from '../model/infer';
import { stackNames } from '../model/names';
import { PRESETS } from '../model/presets';
import { OPTIMIZER_CONSTANTS, OPTIMIZER_KERAS_CLASS } from '../model/training';
import type { DatasetDescription } from './dataset';
import { exportProblem, kerasScript, kerasSections } from './keras';
import { layerCall } from './layers-py';
import { parseLayerLines } from './py-test-helpers';
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

/** Reads the layer lines back and checks them against the lab's stack and summary. */
function expectSameModel(script: string, arch: Architecture) {
  const parsed = parseLayerLines(script);
  // Fields the lab's layer lacks (agreed augmentation fields not on this branch yet) read back as Keras' defaults; compare the lab's own.
  const own = parsed.map((p, i) =>
    Object.fromEntries(Object.keys(configOf(arch.layers[i]!)).map((k) => [k, p.config[k]])),
  );
  expect(own).toEqual(arch.layers.map((l) => configOf(l)));
  expect(parsed.map((p) => p.name)).toEqual(stackNames(arch));
  // The parameter total the emitted arguments imply is the lab's summary total.
  const rebuilt: Architecture = { ...arch, layers: parsed.map((p) => withId(p.config as never)) };
  expect(inferSummary(rebuilt).totalParams).toBe(inferSummary(arch).totalParams);
  const [h, w, c] = [arch.input.height, arch.input.width, arch.input.channels];
  expect(script).toContain(`keras.Input(shape=(${h}, ${w}, ${c}))`);
}

describe('Keras script', () => {
  for (const preset of PRESETS) {
    it(`reproduces preset ${preset.id}: same layers, names, arguments and parameter total`, () => {
      const arch = preset.build();
      const script = kerasScript(arch, settings, dataFor(preset.id, arch));
      expectSameModel(script, arch);
      expect(inferSummary(arch).totalParams).toBe(preset.expectedParams);
    });
  }

  it('writes every layer type of the lab with its arguments', () => {
    const arch = everyLayerArch();
    expect(inferSummary(arch).valid).toBe(true);
    const script = kerasScript(arch, settings, folderData(arch, ['a', 'b', 'c']));
    expectSameModel(script, arch);
    expect(script).toContain('layers.Rescaling(scale=0.5, offset=-1.0, name="rescaling")');
    expect(script).toContain(
      'layers.Conv2D(filters=8, kernel_size=(5, 3), strides=(2, 1), padding="same", activation="tanh", name="conv2d_1")',
    );
  });

  it('writes the agreed augmentation layers (fill mode, interpolation, factors as ranges, value range)', () => {
    const { spec, names } = AUGMENTATION;
    const calls = spec.map((l, i) => layerCall(l, names[i]!));
    expect(calls).toEqual([
      'layers.RandomFlip(name="random_flip")',
      'layers.RandomRotation(factor=(-0.2, 0.3), fill_mode="constant", interpolation="nearest", fill_value=0.5, name="random_rotation")',
      'layers.RandomZoom(height_factor=0.2, name="random_zoom")',
      'layers.RandomTranslation(height_factor=0.1, width_factor=(-0.2, 0.1), fill_mode="wrap", name="random_translation")',
      'layers.RandomContrast(factor=0.3, value_range=(0.0, 1.0), name="random_contrast")',
      'layers.RandomBrightness(factor=(-0.1, 0.2), name="random_brightness")',
    ]);
    // Read back, each call gives the same layer.
    const script = calls
      .map((c, i) => `    ${i === calls.length - 1 ? 'outputs' : 'x'} = ${c}(${i === 0 ? 'inputs' : 'x'})`)
      .join('\n');
    expect(parseLayerLines(script).map((p) => p.config)).toEqual(spec);
  });

  it('compiles with the optimizer class, its constants and learning rate, and the summary loss', () => {
    for (const optimizer of ['rmsprop', 'adam', 'sgd'] as const) {
      const arch = PRESETS[3]!.build();
      const script = kerasScript(arch, { ...settings, optimizer, learningRate: 0.002 }, folderData(arch));
      const constants = Object.entries(OPTIMIZER_CONSTANTS[optimizer]).map(
        ([k, v]) => `${k}=${Number.isInteger(v) ? `${v}.0` : String(v).replace('e-7', 'e-07')}`,
      );
      expect(script).toContain(
        `keras.optimizers.${OPTIMIZER_KERAS_CLASS[optimizer]}(learning_rate=0.002, ${constants.join(', ')})`,
      );
      expect(script).toContain('loss="binary_crossentropy"');
      expect(script).toContain('metrics=["accuracy"]');
    }
    const mnist = PRESETS[0]!.build();
    expect(kerasScript(mnist, settings, mnistData(mnist))).toContain('loss="sparse_categorical_crossentropy"');
  });

  it('fits with the settings, keeps the best val_loss checkpoint, early-stops only with patience, and scores the checkpoint on test', () => {
    const arch = PRESETS[0]!.build();
    const plain = kerasScript(arch, settings, mnistData(arch));
    expect(plain).toContain('EPOCHS = 7');
    expect(plain).toContain('BATCH_SIZE = 16');
    expect(plain).toContain('keras.utils.set_random_seed(SEED)');
    expect(plain).toContain(
      'keras.callbacks.ModelCheckpoint("convnet_from_scratch.keras", save_best_only=True, monitor="val_loss")',
    );
    expect(plain).not.toContain('EarlyStopping');
    expect(plain).toContain('best_model = keras.models.load_model("convnet_from_scratch.keras")');
    expect(plain).toContain('best_model.evaluate(test_images, test_labels)');
    expect(plain).toMatch(/plt\.savefig/);
    expect(plain).toContain('# strategy = tf.distribute.MirroredStrategy()');
    expect(kerasScript(arch, { ...settings, patience: 3 }, mnistData(arch))).toContain(
      'keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)',
    );
  });

  it("ends by loading the lab's own .keras export (an argument ending in .keras) and scoring it on the same test images, fed 0-255", () => {
    const mnist = PRESETS[0]!.build();
    const plain = kerasScript(mnist, settings, mnistData(mnist));
    expect(plain).toContain('LAB_MODEL = next((a for a in sys.argv[1:] if a.endswith(".keras")), None)');
    // The script divides MNIST by 255 for its own model; the lab's file carries its own Rescaling(1/255).
    expect(plain).toContain('lab_loss, lab_accuracy = lab_model.evaluate(test_images * 255.0, test_labels)');
    expect(plain).toContain(
      'print(f"Test accuracy: trained here {test_accuracy:.3f}, trained in the lab {lab_accuracy:.3f}")',
    );
    const cats = PRESETS.find((p) => p.id === 'catsdogs-augmented')!.build();
    expect(kerasScript(cats, settings, folderData(cats))).toContain('lab_model.evaluate(test_ds)');
    const naive = PRESETS.find((p) => p.id === 'catsdogs-naive')!.build();
    expect(kerasScript(naive, settings, folderData(naive))).toContain('lab_model.evaluate(test_ds)');
  });

  it('scales pixels by 1/255 in the data pipeline only when the model has no Rescaling layer', () => {
    const mnist = PRESETS[0]!.build();
    expect(kerasScript(mnist, settings, mnistData(mnist))).toContain('.astype("float32") / 255');
    const cats = PRESETS[3]!.build();
    const withRescaling = kerasScript(cats, settings, folderData(cats));
    expect(withRescaling).not.toContain('/ 255.0');
    const noRescaling = { ...cats, layers: cats.layers.filter((l) => l.type !== 'Rescaling') };
    expect(kerasScript(noRescaling, settings, folderData(noRescaling))).toContain('(images / 255.0, labels)');
  });

  it('reads a folder of classes with validation_split and carves test out of the held-out part', () => {
    const arch = PRESETS[3]!.build();
    const script = kerasScript(arch, settings, folderData(arch));
    expect(script).toContain('else "cats_vs_dogs_small"');
    expect(script).toContain('sys.argv[1]');
    expect(script).toContain('validation_split=0.4');
    expect(script).toContain('subset="both"');
    expect(script).toContain('image_size=IMAGE_SIZE');
    expect(script).toContain('IMAGE_SIZE = (180, 180)');
    expect(script).toContain('color_mode="rgb"');
    expect(script).toContain('label_mode=LABEL_MODE');
    expect(script).toContain('LABEL_MODE = "binary"');
    expect(script).toContain('CLASS_NAMES = ["cat", "dog"]');
    expect(script).toContain('SPLIT_SEED = 1337');
    expect(script).toContain('test_count = round(held_out_count * 0.5)');
    expect(script).toMatch(/exact images differ/);
  });

  it('reads train/validation/test folders as given, and carves only the missing split from train', () => {
    const arch = splitFoldersArch();
    const given = (folders: DatasetDescription['splitFolders']) => splitFoldersData(arch, folders);
    const all = kerasScript(arch, settings, given({ train: 'train', val: 'val', test: 'test' }));
    expect(all).toContain('os.path.join(DATA_DIR, "train")');
    expect(all).toContain('os.path.join(DATA_DIR, "val")');
    expect(all).toContain('os.path.join(DATA_DIR, "test")');
    expect(all).not.toContain('validation_split');
    expect(all).toContain('color_mode="grayscale"');
    expect(all).toContain('LABEL_MODE = "int"');
    const noTest = kerasScript(arch, settings, given({ train: 'training', val: 'validation', test: null }));
    expect(noTest).toContain('validation_split=0.2');
    expect(noTest).toContain('test_ds = held_out_ds');
  });

  it('describes the built-ins: MNIST from keras.datasets with the 10,000-digit note; Shapes drawn into a folder', () => {
    const mnist = PRESETS[0]!.build();
    const m = kerasScript(mnist, settings, mnistData(mnist));
    expect(m).toContain('keras.datasets.mnist.load_data()');
    expect(kerasSections(mnist, settings, mnistData(mnist))[1]!.explain).toMatch(/10,000-digit/);
    const { arch: shapesArch, data: shapesData } = shapesSetup();
    const s = kerasScript(shapesArch, settings, shapesData);
    expect(s).toContain('def make_shapes_folder(root):');
    expect(s).toContain('def shape_pixels(split, shape, n, height, width, channels):');
    expect(s).toContain('else "shapes"');
    expect(s).toContain('os.path.join(DATA_DIR, "validation")');
  });

  it('refuses an invalid model or a split without validation images, with a reason', () => {
    const arch = PRESETS[0]!.build();
    const broken = { ...arch, layers: arch.layers.slice(0, -1) };
    expect(exportProblem(broken, mnistData(broken))).toMatch(/not valid/);
    expect(() => kerasScript(broken, settings, mnistData(broken))).toThrow(/not valid/);
    expect(exportProblem(arch, { ...mnistData(arch), fractions: { train: 0.8, val: 0, test: 0.2 } })).toMatch(
      /validation/,
    );
    expect(exportProblem(arch, mnistData(arch))).toBeNull();
  });
});
