// The seed, the split fractions and the per-class cap. Changing them re-splits
// the loaded dataset (or makes it again when the cap picks other images).
import { useState } from 'react';
import { useLab } from '../../store';
import { checkFractions, type SplitFractions } from '../../data/split';
import { NumberField } from '../common/NumberField';

const KEYS = ['train', 'val', 'test'] as const;
const LABELS: Record<(typeof KEYS)[number], string> = { train: 'Train %', val: 'Validation %', test: 'Test %' };
/** Nine digits at most: the seed stays a whole number well within 32 bits. */
const MAX_SEED = 999_999_999;
const toPercent = (f: SplitFractions) => KEYS.map((k) => String(Math.round(f[k] * 1000) / 10));

export function LoadSettings() {
  const seed = useLab((s) => s.splitSeed);
  const fractions = useLab((s) => s.splitFractions);
  const maxPerClass = useLab((s) => s.maxPerClass);
  const source = useLab((s) => s.dataSource);
  const locked = useLab((s) => s.dataLock !== null);
  const { setSplitSeed, setSplitFractions, setMaxPerClass } = useLab.getState();
  const [percents, setPercents] = useState<string[] | null>(null);
  const [capDraft, setCapDraft] = useState<string | null>(null);
  const shown = percents ?? toPercent(fractions);
  const draftFractions: SplitFractions = {
    train: Number(shown[0]) / 100,
    val: Number(shown[1]) / 100,
    test: Number(shown[2]) / 100,
  };
  const fractionError = percents ? checkFractions(draftFractions) : null;
  const givenSplits =
    source?.kind === 'folder' ? source.layout === 'splits' : source?.kind === 'builtin' && source.builtin === 'shapes';
  const ownSplits = source?.kind === 'folder' && source.layout === 'splits';

  return (
    <div className="data-settings" aria-label="Split settings">
      <NumberField
        label="Split seed"
        testId="split-seed-input"
        value={seed}
        min={0}
        max={MAX_SEED}
        disabled={locked}
        onCommit={setSplitSeed}
      />
      <fieldset className={`split-fractions${fractionError ? ' invalid' : ''}`} disabled={locked}>
        <legend>
          Split{' '}
          {givenSplits && (
            <span className="muted">
              (
              {source?.kind === 'builtin'
                ? 'this dataset comes split; these apply to folders'
                : 'the folder’s own splits are kept; these apply to any split it lacks'}
              )
            </span>
          )}
        </legend>
        {KEYS.map((k, i) => (
          <label key={k} className="field">
            <span>{LABELS[k]}</span>
            <input
              type="number"
              min={0}
              max={100}
              step={5}
              data-testid={`split-${k}-input`}
              value={shown[i]}
              onChange={(e) => {
                const next = [...shown];
                next[i] = e.target.value;
                setPercents(next);
                const f = { train: Number(next[0]) / 100, val: Number(next[1]) / 100, test: Number(next[2]) / 100 };
                if (!checkFractions(f)) {
                  setSplitFractions(f);
                  setPercents(null);
                }
              }}
            />
          </label>
        ))}
        {fractionError && (
          <small className="field-error" role="alert">
            {fractionError}
          </small>
        )}
      </fieldset>
      <label className="field">
        <span>Images per class, at most ({ownSplits ? 'in each of the folder’s splits' : 'all splits together'})</span>
        <input
          type="number"
          min={0}
          step={1}
          placeholder="all"
          data-testid="max-per-class-input"
          value={capDraft ?? (maxPerClass > 0 ? String(maxPerClass) : '')}
          disabled={locked}
          aria-describedby="max-per-class-help"
          onChange={(e) => {
            const text = e.target.value;
            setCapDraft(text);
            const n = text.trim() === '' ? 0 : Number(text);
            if (Number.isInteger(n) && n >= 0) setMaxPerClass(n);
          }}
          onBlur={() => setCapDraft(null)}
        />
        <small className="muted" id="max-per-class-help" data-testid="max-per-class-help">
          {ownSplits
            ? 'Counted in train/, validation/ and test/ separately: 10 keeps up to 10 images of each class in each of them.'
            : 'Counted over the whole class before it is split: 10 keeps 10 images of each class for train, validation and test together (6 + 2 + 2 at 60/20/20).'}{' '}
          A seeded random choice, for quick experiments; empty or 0 = all images.
        </small>
      </label>
    </div>
  );
}
