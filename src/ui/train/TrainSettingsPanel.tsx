// Optimizer, learning rate, epochs, batch size, seed, early stopping and the
// backend. Locked while a run is going (the run keeps the settings it started with).
import { useLab } from '../../store';
import { NumberField } from '../common/NumberField';
import { ChoiceField } from '../common/ChoiceField';
import { formatBytes } from '../../data/memory';
import { PIXELS_ON_DISK_FROM, PIXELS_WHILE_TRAINING, type PixelsWhileTraining } from '../../data/spill-file';
import { learningRateWarning } from './learning-rate';
import {
  BACKEND_CHOICES,
  BACKEND_LABEL,
  DEFAULT_LEARNING_RATE,
  OPTIMIZERS,
  type BackendChoice,
  type OptimizerName,
} from '../../model/training';

const OPTIMIZER_LABEL: Record<OptimizerName, string> = { rmsprop: 'RMSprop', adam: 'Adam', sgd: 'SGD with momentum' };
const BACKEND_TEXT: Record<BackendChoice, string> = {
  auto: 'Auto (fastest that works)',
  webgpu: BACKEND_LABEL.webgpu,
  webgl: BACKEND_LABEL.webgl,
  wasm: `${BACKEND_LABEL.wasm} (CPU, fast)`,
  cpu: `${BACKEND_LABEL.cpu} (plain JavaScript)`,
};

// Why disk (src/data/spill-file.ts): the run's own memory then comes on top of almost nothing. Short enough
// for the select's width (the longer texts were cut); Train > Details says where a run kept them, and why.
const PIXELS_TEXT: Record<PixelsWhileTraining, string> = {
  auto: `Auto (on disk from ${formatBytes(PIXELS_ON_DISK_FROM)})`,
  memory: 'In memory',
  disk: 'On disk, read batch by batch',
};

export function TrainSettingsPanel({ disabled }: { disabled: boolean }) {
  const s = useLab((st) => st.trainSettings);
  const set = useLab((st) => st.setTrainSettings);
  const pixelsMode = useLab((st) => st.pixelsWhileTraining);
  const setPixelsMode = useLab((st) => st.setPixelsWhileTraining);
  // The field commits every valid keystroke, so this follows the typing.
  const rateWarning = learningRateWarning(s.learningRate, s.optimizer);

  return (
    <section className="panel train-settings" aria-labelledby="train-settings-heading">
      <h2 id="train-settings-heading">Settings</h2>
      <div className="train-settings-grid">
        <ChoiceField
          label="Optimizer"
          testId="optimizer-select"
          value={s.optimizer}
          choices={OPTIMIZERS}
          text={OPTIMIZER_LABEL}
          wide={false}
          disabled={disabled}
          onChange={(optimizer) => {
            // Keep a custom rate; move a default one to the new optimizer's default.
            const wasDefault = s.learningRate === DEFAULT_LEARNING_RATE[s.optimizer];
            set({ optimizer, ...(wasDefault ? { learningRate: DEFAULT_LEARNING_RATE[optimizer] } : {}) });
          }}
        />
        <NumberField
          label="Learning rate"
          testId="learning-rate-input"
          draftTarget={{ kind: 'train', key: 'learningRate' }}
          value={s.learningRate}
          integer={false}
          min={1e-12}
          max={1e12}
          disabled={disabled}
          onCommit={(learningRate) => set({ learningRate })}
        />
        {rateWarning && (
          <p className="notice span-2 lr-warning" data-testid="learning-rate-warning" role="status">
            {rateWarning}
          </p>
        )}
        <NumberField
          label="Epochs"
          testId="epochs-input"
          draftTarget={{ kind: 'train', key: 'epochs' }}
          value={s.epochs}
          min={1}
          max={1000}
          disabled={disabled}
          onCommit={(epochs) => set({ epochs })}
        />
        <NumberField
          label="Batch size"
          testId="batch-size-input"
          draftTarget={{ kind: 'train', key: 'batchSize' }}
          value={s.batchSize}
          min={1}
          max={4096}
          disabled={disabled}
          onCommit={(batchSize) => set({ batchSize })}
        />
        <NumberField
          label="Shuffle seed"
          testId="seed-input"
          draftTarget={{ kind: 'train', key: 'seed' }}
          value={s.seed}
          min={0}
          max={2 ** 31}
          disabled={disabled}
          onCommit={(seed) => set({ seed })}
        />
        <NumberField
          label="Early stopping patience (0 = off)"
          testId="patience-input"
          draftTarget={{ kind: 'train', key: 'patience' }}
          value={s.patience}
          min={0}
          max={1000}
          disabled={disabled}
          onCommit={(patience) => set({ patience })}
        />
        <ChoiceField
          label="Backend"
          testId="backend-select"
          value={s.backend}
          choices={BACKEND_CHOICES}
          text={BACKEND_TEXT}
          disabled={disabled}
          onChange={(backend) => set({ backend })}
        />
        <ChoiceField
          label="Pixels while training"
          testId="pixels-select"
          value={pixelsMode}
          choices={PIXELS_WHILE_TRAINING}
          text={PIXELS_TEXT}
          disabled={disabled}
          onChange={setPixelsMode}
        />
      </div>
      <p className="muted train-settings-note">
        The loss follows the last layer: binary cross-entropy for one sigmoid unit, sparse categorical cross-entropy for
        softmax.
        {s.patience > 0 &&
          ` Training stops after ${s.patience} epoch${s.patience === 1 ? '' : 's'} without a lower val_loss and restores the best weights.`}
      </p>
    </section>
  );
}
