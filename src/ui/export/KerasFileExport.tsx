// Train > Export: the chosen run's kept checkpoint as a Keras 3 `.keras` file (keras.models.load_model opens it
// with no custom objects) or as the weights alone (`.weights.h5`, for model.load_weights on the same model).
import { useLab } from '../../store';
import { pixelScale } from '../../model/training';
import { kerasExportProblem } from '../../model/bases/tfjs-base';
import type { Run } from '../../store/train-runs';
import { downloadBlob } from './download';

export function KerasFileExport({ run }: { run: Run | null }) {
  const busy = useLab((s) => s.modelIoBusy === 'export');
  const hasBase = !!run?.arch.layers.some((l) => l.type === 'Base');
  const addsRescaling = !!run && pixelScale(run.arch) !== 1;
  const tfjsBase = run ? kerasExportProblem(run.arch) : null;

  const exportNow = async (format: 'keras' | 'keras-weights') => {
    if (!run) return;
    const files = await useLab.getState().exportModel({ runId: run.id, stripAugmentation: false, zip: false, format });
    for (const f of files ?? [])
      downloadBlob(f.name, new Blob([f.bytes as BlobPart], { type: 'application/octet-stream' }));
  };

  return (
    <div className="model-io" data-testid="keras-file-export">
      <h3>Keras 3 file</h3>
      {tfjsBase && (
        <p className="notice" role="note" data-testid="keras-export-tfjs-base">
          {tfjsBase}
        </p>
      )}
      <p className="muted export-note">
        <code>keras.models.load_model(&quot;….keras&quot;)</code> opens it (Keras 3, no custom objects) and predicts
        what the lab predicts on the same 0-255 images.{' '}
        {hasBase
          ? 'The pretrained base is keras.applications’ own nested Functional model, and its preprocess_input comes first as Keras layers (VGG16: a fixed 1x1 Conv2D that swaps RGB to BGR and subtracts ImageNet’s mean; MobileNetV2: Rescaling(1/127.5, offset=-1)), so it takes raw 0-255 images.'
          : addsRescaling
            ? 'The lab divides this model’s pixels by 255 before they enter it, so the file starts with a Rescaling(1/255) layer: it takes raw 0-255 images, as Keras users feed them.'
            : 'This model scales its pixels itself, so it takes raw 0-255 images as it is.'}{' '}
        Augmentation layers are Keras’ own (RandomFlip, …: inactive at inference); the class names
        {run ? ` (${run.dataset.classNames.join(', ')})` : ''} are in the file’s metadata.json under{' '}
        <code>convnet_lab.class_names</code>.
      </p>
      <div className="export-row">
        <button
          type="button"
          data-testid="export-keras-button"
          disabled={!run || busy || !!tfjsBase}
          onClick={() => void exportNow('keras')}
          title="The kept (best) checkpoint as a Keras 3 .keras file (config.json + model.weights.h5 in a zip)"
        >
          {busy ? 'Exporting…' : 'Export .keras (Keras 3)'}
        </button>
        <button
          type="button"
          data-testid="export-keras-weights-button"
          disabled={!run || busy || !!tfjsBase}
          onClick={() => void exportNow('keras-weights')}
          title="The kept weights alone, as model.save_weights writes them: load them with model.load_weights into the same model"
        >
          Weights only (.weights.h5)
        </button>
      </div>
    </div>
  );
}
