// Beside the input fields: with a dataset loaded, the input follows it (its
// size and colour), whatever preset is picked; this says so, and what the
// preset's textbook input would have been.
import { findPreset } from '../../model/presets';
import { inputNote } from '../../model/preset-input';
import { useLab } from '../../store';

export function PresetInputNote() {
  const input = useLab((s) => s.arch.input);
  const presetId = useLab((s) => s.presetId);
  const dataset = useLab((s) => s.dataset);
  const textbook = presetId ? (findPreset(presetId)?.build().input ?? null) : null;
  const note = inputNote(input, textbook, dataset);
  return note ? (
    <p className="toolbar-note" data-testid="input-follows-data">
      {note}
    </p>
  ) : null;
}
