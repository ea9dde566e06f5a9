// Sections whose capability has not landed yet say what will be there,
// rather than showing controls that do nothing.
import type { Section } from '../../store/uiSlice';

const PLANS: Record<Section, { title: string; text: string; items: string[] }> = {
  data: {
    title: 'Data',
    text: 'Load a folder of your own images (one sub-folder per class) or a built-in dataset.',
    items: [
      'Folder picker and drag and drop',
      'Train / validation / test splits with a visible seed',
      'A health report: skipped files, tiny classes, duplicates',
    ],
  },
  model: { title: 'Model', text: '', items: [] },
  train: {
    title: 'Train',
    text: 'Train the model in a background worker on your GPU (WebGPU), with WebGL, WASM and CPU as fallbacks.',
    items: [
      'Live loss and accuracy curves',
      'Pause, resume and stop',
      'The best epoch by validation loss, scored on the test split',
    ],
  },
  inspect: {
    title: 'Inspect',
    text: 'Look inside the trained network.',
    items: [
      'Kernels and feature maps, epoch by epoch',
      'The convolution, step by step',
      'Confusion matrix and saliency maps',
    ],
  },
  runs: {
    title: 'Runs',
    text: 'Keep and compare training runs, for example with and without data augmentation.',
    items: [
      'Saved runs with their settings and curves',
      'Curves of several runs on one chart',
      'Export the model and equivalent Keras code',
    ],
  },
};

export function Placeholder({ section }: { section: Section }) {
  const plan = PLANS[section];
  return (
    <section className="panel placeholder" aria-labelledby={`ph-${section}`}>
      <h2 id={`ph-${section}`}>{plan.title}</h2>
      <p>{plan.text}</p>
      <p className="muted">Coming in a later version of the lab:</p>
      <ul>
        {plan.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
