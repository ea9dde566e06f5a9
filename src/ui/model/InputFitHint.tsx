// Which input sizes the stack takes, next to the input fields; below that
// size, the nearest changes that make it fit, each applied on one click (one
// undo step, through the model slice's normal edits).
import { useMemo } from 'react';
import { fitSuggestions, minimumSide, presetMinimumSide, type FitSuggestion } from '../../model/fit';
import { findPreset } from '../../model/presets';
import { useLab } from '../../store';

let applyCount = 0;

function apply(s: FitSuggestion) {
  const lab = useLab.getState();
  if (s.kind === 'drop-pooling') return lab.removeLayer(s.layerId);
  if (s.kind === 'input-size') return lab.setInputShape({ height: s.height, width: s.width });
  // One edit key for all the layers: one undo step.
  applyCount += 1;
  const key = `fit-same-padding-${applyCount}`;
  for (const id of s.layerIds) lab.updateLayer(id, { padding: 'same' }, key);
}

export function InputFitHint() {
  const arch = useLab((s) => s.arch);
  const presetId = useLab((s) => s.presetId);
  const locked = useLab((s) => s.modelLock !== null);
  const side = useMemo(() => (presetId ? presetMinimumSide(presetId) : minimumSide(arch)), [arch, presetId]);
  const suggestions = useMemo(() => fitSuggestions(arch), [arch]);
  const preset = presetId ? findPreset(presetId) : undefined;
  const textbook = preset?.build().input;

  return (
    <div className="toolbar-note input-fit" data-testid="input-fit">
      {side === null ? (
        <span data-testid="min-input-size" data-side="">
          No input size up to 1024×1024 fits this stack.
        </span>
      ) : (
        <span data-testid="min-input-size" data-side={side}>
          {preset ? `${preset.label} takes` : 'This stack takes'} inputs from {side}×{side} up
          {textbook && ` (the textbook uses ${textbook.height}×${textbook.width})`}.
        </span>
      )}
      {suggestions.length > 0 && (
        <div
          className="fit-suggestions"
          style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.4rem', marginTop: '0.4rem' }}
          role="group"
          aria-label="Make the model fit its input"
        >
          <span>
            It does not fit {arch.input.height}×{arch.input.width}. Nearest changes:
          </span>
          {suggestions.map((s) => (
            <button
              key={s.kind}
              type="button"
              disabled={locked}
              onClick={() => apply(s)}
              data-testid="fit-suggestion"
              data-kind={s.kind}
              data-total-params={s.totalParams}
            >
              {s.label} → {s.totalParams.toLocaleString('en-US')} params
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
