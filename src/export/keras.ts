// The Keras 3 / TensorFlow 2 program that reproduces a lab run: the same
// data (size, colour mode, split), layers (names and arguments), optimizer,
// loss, epochs and checkpointing, written as a student would after the
// textbook. One list of sections feeds both the .py and the notebook.
import { kerasExportProblem } from '../model/bases/tfjs-base';
import type { Architecture } from '../model/layers';
import { inferSummary } from '../model/infer';
import { stackNames } from '../model/names';
import { DEFAULT_LEARNING_RATE, OPTIMIZER_CONSTANTS, OPTIMIZER_KERAS_CLASS, pixelScale } from '../model/training';
import type { TrainSettings } from '../model/run-types';
import { dataCode, hasValidation } from './data-py';
import type { DatasetDescription } from './dataset';
import { baseLines } from './base-py';
import { layerCall } from './layers-py';
import { pyFloat, pyInt, pyStr, pyTuple } from './python';

export interface ScriptSection {
  /** Markdown heading and explanation (the notebook's text cells). */
  title: string;
  explain: string;
  code: string;
}

export type ExportSettings = Pick<
  TrainSettings,
  'epochs' | 'batchSize' | 'learningRate' | 'optimizer' | 'seed' | 'patience'
>;

/** The textbook's checkpoint file (chapter 8: ModelCheckpoint(filepath="convnet_from_scratch.keras", ...)). */
export const CHECKPOINT_FILE = 'convnet_from_scratch.keras';

/** Why no script can be made for this setup (shown beside the disabled buttons), or null. */
export function exportProblem(arch: Architecture, data: DatasetDescription): string | null {
  const summary = inferSummary(arch);
  if (!summary.valid || !summary.loss)
    return `The model is not valid yet${summary.issues[0] ? `: ${summary.issues[0].message}` : '.'} Fix it in Model first.`;
  const tfjsBase = kerasExportProblem(arch);
  if (tfjsBase) return tfjsBase;
  if (!hasValidation(data))
    return 'The split has no validation images, which the checkpoint needs (it keeps the lowest val_loss). Give validation a fraction above 0 in Data.';
  return null;
}

function optimizerCall(s: ExportSettings): string {
  const constants = Object.entries(OPTIMIZER_CONSTANTS[s.optimizer]).map(([k, v]) => `${k}=${pyFloat(v)}`);
  return `keras.optimizers.${OPTIMIZER_KERAS_CLASS[s.optimizer]}(learning_rate=${pyFloat(s.learningRate)}, ${constants.join(', ')})`;
}

function modelCode(arch: Architecture): string {
  const names = stackNames(arch);
  const { height, width, channels } = arch.input;
  const lines = [`    inputs = keras.Input(shape=${pyTuple([height, width, channels].map(pyInt))})`];
  arch.layers.forEach((layer, i) => {
    const target = i === arch.layers.length - 1 ? 'outputs' : 'x';
    const source = i === 0 ? 'inputs' : 'x';
    if (layer.type === 'Base' && layer.base === 'tfjs') throw new Error(kerasExportProblem(arch)!);
    if (layer.type === 'Base') lines.push(...baseLines(layer, arch.input, source, target));
    else lines.push(`    ${target} = ${layerCall(layer, names[i]!)}(${source})`);
  });
  lines.push(`    return keras.Model(inputs=inputs, outputs=outputs)`);
  return `def build_model():\n${lines.join('\n')}`;
}

/** The program as sections (title, explanation, code). Throws if exportProblem() is not null. */
export function kerasSections(arch: Architecture, settings: ExportSettings, data: DatasetDescription): ScriptSection[] {
  const problem = exportProblem(arch, data);
  if (problem) throw new Error(problem);
  const summary = inferSummary(arch);
  const loss = summary.loss!;
  const scaled = pixelScale(arch) !== 1;
  const labelMode = loss === 'binary_crossentropy' ? 'binary' : 'int';
  const dc = dataCode(data, scaled, labelMode);
  const imports = new Set(['sys', ...dc.imports]);
  const defaultLr = settings.learningRate === DEFAULT_LEARNING_RATE[settings.optimizer];
  const callbacks = [
    `    keras.callbacks.ModelCheckpoint(${pyStr(CHECKPOINT_FILE)}, save_best_only=True, monitor="val_loss"),`,
    ...(settings.patience > 0
      ? [
          `    keras.callbacks.EarlyStopping(monitor="val_loss", patience=${pyInt(settings.patience)}, restore_best_weights=True),`,
        ]
      : []),
  ];

  const setup: ScriptSection = {
    title: 'Setup',
    explain: `A Keras 3 program (TensorFlow 2 backend) made by Convnet Lab. It trains the same model with the same settings as the lab: install \`tensorflow\` and \`matplotlib\`${data.builtin === 'shapes' ? ' and `pillow`' : ''}, then run \`python convnet_lab.py${data.kind === 'folder' ? ' path/to/data' : ''}\`. \`keras.utils.set_random_seed\` seeds the initial weights and the shuffling; numbers will still differ a little from the lab's, which draws its own random numbers.`,
    code: [
      ...[...imports].sort().map((m) => (m === 'numpy' ? 'import numpy as np' : `import ${m}`)),
      'import matplotlib',
      'matplotlib.use("Agg")  # plots go to PNG files: no window needed',
      'import matplotlib.pyplot as plt',
      'import tensorflow as tf',
      'import keras',
      'from keras import layers',
      '',
      `IMAGE_SIZE = ${pyTuple([arch.input.height, arch.input.width].map(pyInt))}`,
      `BATCH_SIZE = ${pyInt(settings.batchSize)}`,
      `EPOCHS = ${pyInt(settings.epochs)}`,
      `SEED = ${pyInt(settings.seed)}  # the lab's training seed`,
      `SPLIT_SEED = ${pyInt(data.seed)}  # the lab's split seed`,
      '',
      'keras.utils.set_random_seed(SEED)',
    ].join('\n'),
  };

  const dataSection: ScriptSection = { title: 'Data', explain: dc.explain, code: dc.code };

  const model: ScriptSection = {
    title: 'Model',
    explain: [
      `The lab's layer stack, one Keras layer per lab layer, with the names \`model.summary()\` shows in the lab (total: ${summary.totalParams.toLocaleString('en-US')} parameters). Arguments equal to Keras' defaults are left out.`,
      arch.layers.some((l) => l.type === 'Base')
        ? "The pretrained base comes from `keras.applications` with ImageNet's weights (downloaded by Keras once), and its own `preprocess_input` takes the raw 0-255 pixels inside the model, as in the lab."
        : scaled
          ? 'The model has no `Rescaling` layer, so the data above is divided by 255, as the lab does.'
          : 'The `Rescaling` layer scales the raw 0-255 pixels inside the model, as in the lab.',
      'To train on every GPU of this machine, uncomment the two `MirroredStrategy` lines: Keras then copies the model to each GPU and splits every batch between them.',
    ].join(' '),
    code: [
      modelCode(arch),
      '',
      '',
      'strategy = tf.distribute.get_strategy()  # the default: one device',
      '# strategy = tf.distribute.MirroredStrategy()',
      '# print("Training on", strategy.num_replicas_in_sync, "devices")',
      'with strategy.scope():',
      '    model = build_model()',
      '    model.compile(',
      `        optimizer=${optimizerCall(settings)},`,
      `        loss=${pyStr(loss)},`,
      '        metrics=["accuracy"],',
      '    )',
      'model.summary()',
    ].join('\n'),
  };

  const train: ScriptSection = {
    title: 'Training',
    explain: `${settings.epochs} epochs with ${OPTIMIZER_KERAS_CLASS[settings.optimizer]}${defaultLr ? ' at its default learning rate' : ''} (learning rate ${settings.learningRate}), batches of ${settings.batchSize}. \`ModelCheckpoint\` keeps the epoch with the lowest validation loss, like the lab's kept checkpoint${settings.patience > 0 ? `; \`EarlyStopping\` stops after ${settings.patience} epochs without a better validation loss and restores the best weights, as the lab's patience does` : ''}.`,
    code: [
      'callbacks = [',
      ...callbacks,
      ']',
      `history = model.fit(${dc.fitArgs}, epochs=EPOCHS, validation_data=${dc.validation}, callbacks=callbacks)`,
    ].join('\n'),
  };

  const evaluate: ScriptSection = {
    title: 'Test',
    explain: dc.testArgs
      ? 'The kept checkpoint (lowest validation loss) is loaded back and scored on the test images, as the lab scores its kept checkpoint.'
      : 'The split has no test images (as in the lab), so the kept checkpoint is only loaded back.',
    code: dc.testArgs
      ? [
          `best_model = keras.models.load_model(${pyStr(CHECKPOINT_FILE)})`,
          `test_loss, test_accuracy = best_model.evaluate(${dc.testArgs})`,
          'print(f"Test accuracy: {test_accuracy:.3f}")',
        ].join('\n')
      : `best_model = keras.models.load_model(${pyStr(CHECKPOINT_FILE)})`,
  };

  const plots: ScriptSection = {
    title: 'Curves',
    explain:
      'Training and validation loss and accuracy per epoch, as the lab charts them, saved as `loss.png` and `accuracy.png`.',
    code: [
      'epochs = range(1, len(history.history["loss"]) + 1)',
      'for metric in ["loss", "accuracy"]:',
      '    plt.figure()',
      '    plt.plot(epochs, history.history[metric], "bo", label=f"Training {metric}")',
      '    plt.plot(epochs, history.history[f"val_{metric}"], "b", label=f"Validation {metric}")',
      '    plt.title(f"Training and validation {metric}")',
      '    plt.xlabel("epoch")',
      '    plt.legend()',
      '    plt.savefig(f"{metric}.png")',
      '    print(f"Saved {metric}.png")',
    ].join('\n'),
  };

  return [
    setup,
    dataSection,
    model,
    train,
    evaluate,
    ...(dc.testArgs ? [labModelSection(dc.testArgs, scaled)] : []),
    plots,
  ];
}

/**
 * The last step of the textbook's loop, with the lab's own export: load the `.keras` file the lab wrote (any
 * argument ending in .keras) and score it on the same test images. The lab's file takes 0-255 pixels (it carries
 * its own Rescaling), so where this script divides the data by 255 for its own model, the lab's gets it undivided.
 */
function labModelSection(testArgs: string, scaled: boolean): ScriptSection {
  const [images, labels] = testArgs.split(', ');
  const raw = !scaled
    ? testArgs
    : labels
      ? `${images} * 255.0, ${labels}`
      : `${images}.map(lambda images, labels: (images * 255.0, labels))`;
  return {
    title: "The lab's own model",
    explain:
      "Train > Export > 'Export .keras' saves the run the lab trained as a Keras 3 file. Pass its path (any argument ending in `.keras`) and this step loads it with `keras.models.load_model` and scores it on the same test images, beside the model trained here." +
      (scaled
        ? ' The lab’s file starts with its own `Rescaling(1/255)`, so it is given the test images undivided.'
        : ''),
    code: [
      'LAB_MODEL = next((a for a in sys.argv[1:] if a.endswith(".keras")), None)',
      'if LAB_MODEL:',
      '    lab_model = keras.models.load_model(LAB_MODEL)',
      `    lab_loss, lab_accuracy = lab_model.evaluate(${raw})`,
      '    print(f"Test accuracy: trained here {test_accuracy:.3f}, trained in the lab {lab_accuracy:.3f}")',
      'else:',
      '    print("To compare with the lab\'s run, export it as .keras (Train > Export) and pass the file\'s path.")',
    ].join('\n'),
  };
}

/** The .py file: every section's code, in order, separated by blank lines (the notebook's code cells concatenated). */
export function sectionsToScript(sections: ScriptSection[]): string {
  return `${sections.map((s) => s.code).join('\n\n\n')}\n`;
}

export function kerasScript(arch: Architecture, settings: ExportSettings, data: DatasetDescription): string {
  return sectionsToScript(kerasSections(arch, settings, data));
}
