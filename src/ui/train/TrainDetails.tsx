// Developer details, folded away: tensors in the worker (a leak shows as a
// count that grows run after run) and the backend trials behind "auto".
import { useLab } from '../../store';
import { formatBytes } from '../../data/memory';
import { useCurrentRun } from './use-train-view';
import { stepPiecesText } from './step-pieces-text';

export function TrainDetails() {
  const memory = useLab((s) => s.workerMemory);
  const run = useCurrentRun();
  const trials = run?.backend?.trials ?? [];
  const pixels = useLab((s) => s.pixelsPlace);
  if (!memory.atStart && trials.length === 0) return null;
  return (
    <details className="train-details" data-testid="train-details">
      <summary>Details</summary>
      {memory.atStart && (
        <p
          className="muted worker-memory"
          data-testid="worker-memory"
          data-tensors-start={memory.atStart.numTensors}
          data-tensors-end={memory.atEnd?.numTensors ?? ''}
          data-bytes-end={memory.atEnd?.numBytes ?? ''}
          data-wasm-bytes-end={memory.atEnd?.wasmBytes ?? ''}
        >
          Tensors in the worker: {memory.atStart.numTensors} ({formatBytes(memory.atStart.numBytes)}) at the start
          {memory.atEnd && `, ${memory.atEnd.numTensors} (${formatBytes(memory.atEnd.numBytes)}) after the run`}
          {memory.atEnd?.wasmBytes !== undefined &&
            `; WebAssembly memory ${formatBytes(memory.atEnd.wasmBytes)} (it grows to the largest step and never shrinks)`}
        </p>
      )}
      {pixels && (
        <p className="muted" data-testid="pixels-place" data-at={pixels.at}>
          {pixels.at === 'disk'
            ? `Pixels: on disk for the run (${formatBytes(pixels.bytes)} in the browser's private file storage), read batch by batch; back in memory after it.`
            : `Pixels: in memory for the run (${formatBytes(pixels.bytes)}).${pixels.why ? ` ${pixels.why}` : ''}`}
        </p>
      )}
      {memory.pieces && run && (
        <p
          className="muted"
          data-testid="step-pieces"
          data-size={memory.pieces.size}
          data-pieces={memory.pieces.pieces}
        >
          {stepPiecesText(memory.pieces, run.settings.batchSize)}
        </p>
      )}
      {trials.length > 0 && (
        <table aria-label="Backend trials">
          <thead>
            <tr>
              <th>Backend</th>
              <th>ms per step</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {trials.map((t) => (
              <tr key={t.backend}>
                <td>
                  {t.backend}
                  {t.isFallbackAdapter ? ' (software)' : ''}
                </td>
                <td>{t.msPerStep === null ? '–' : t.msPerStep.toFixed(1)}</td>
                <td>{t.ok ? 'worked' : (t.error ?? 'failed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
