// Preset, input shape, number of classes, and undo/redo.
import { useLab } from '../../store';
import { CUSTOM_PRESET, PRESETS, findPreset, type PresetId } from '../../model/presets';
import { NumberField } from '../common/NumberField';
import { ChoiceField } from '../common/ChoiceField';
import { InputFitHint } from './InputFitHint';
import { PresetInputNote } from './PresetInputNote';
import { ImportModelInput } from '../export/ModelIo';

const CHANNELS = [1, 3];
const CHANNELS_TEXT = (channels: number) => (channels === 1 ? 'Grayscale (1 channel)' : 'RGB (3 channels)');

export function ArchToolbar() {
  const presetId = useLab((s) => s.presetId);
  const input = useLab((s) => s.arch.input);
  const numClasses = useLab((s) => s.arch.numClasses);
  const canUndo = useLab((s) => s.past.length > 0);
  const canRedo = useLab((s) => s.future.length > 0);
  const { applyPreset, setInputShape, setNumClasses, undo, redo } = useLab.getState();
  const preset = presetId ? findPreset(presetId) : undefined;

  return (
    <div className="toolbar panel">
      <label className="field">
        <span>Preset</span>
        <select
          data-testid="preset-select"
          value={presetId ?? ''}
          onChange={(e) => e.target.value && applyPreset(e.target.value as PresetId)}
        >
          <option value="" disabled>
            Your own model (edited)
          </option>
          <option value={CUSTOM_PRESET.id}>{CUSTOM_PRESET.label}</option>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        label="Input height"
        testId="input-height"
        draftTarget={{ kind: 'model', key: 'height' }}
        value={input.height}
        min={1}
        max={1024}
        onCommit={(height, key) => setInputShape({ height }, key)}
      />
      <NumberField
        label="Input width"
        testId="input-width"
        draftTarget={{ kind: 'model', key: 'width' }}
        value={input.width}
        min={1}
        max={1024}
        onCommit={(width, key) => setInputShape({ width }, key)}
      />
      <ChoiceField
        label="Colour"
        testId="input-channels"
        value={input.channels}
        choices={CHANNELS}
        text={CHANNELS_TEXT}
        wide={false}
        onChange={(channels) => setInputShape({ channels })}
      />
      <NumberField
        label="Classes"
        testId="num-classes"
        draftTarget={{ kind: 'model', key: 'numClasses' }}
        value={numClasses}
        min={2}
        max={1000}
        onCommit={setNumClasses}
      />
      <div className="toolbar-actions">
        <button type="button" onClick={undo} disabled={!canUndo} data-testid="undo-button" title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={redo} disabled={!canRedo} data-testid="redo-button" title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
      </div>
      <PresetInputNote />
      <InputFitHint />
      <ImportModelInput />
      {preset && <p className="toolbar-note muted">{preset.description}</p>}
    </div>
  );
}
