// Makes a link to the current setup (stack, training settings; for a lesson,
// also a built-in dataset and an instruction), copies it where the browser
// allows, and always shows it in a field to copy by hand.
import { useState } from 'react';
import { useLab } from '../../store';
import { encodeShare, MAX_TEXT_CHARS } from '../../export/share';
import type { BuiltinName } from '../../data/source';
import { ChoiceField } from '../common/ChoiceField';

const LESSON_DATA = ['loaded', '', 'mnist', 'shapes'] as const;
type LessonData = (typeof LESSON_DATA)[number];
const LESSON_DATA_TEXT: Record<LessonData, string> = {
  loaded: 'the data loaded now (a built-in one loads; a folder is named)',
  '': "none (keep the student's data)",
  mnist: 'MNIST digits',
  shapes: 'Shapes',
};

const BUILTIN_IDS: readonly string[] = ['mnist', 'shapes'];

export function ShareControl() {
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [lessonData, setLessonData] = useState<LessonData>('loaded');
  const [lessonText, setLessonText] = useState('');

  const makeLink = async () => {
    const { arch, trainSettings, dataset: loaded } = useLab.getState();
    // By default the link says which data the setup was made on: a built-in loads itself, a folder is named.
    const builtin = loaded?.source === 'builtin' && BUILTIN_IDS.includes(loaded.id) ? (loaded.id as BuiltinName) : null;
    const dataset: BuiltinName | null = lessonData === 'loaded' ? builtin : lessonData || null;
    const folder =
      lessonData === 'loaded' && loaded && !builtin ? { name: loaded.name, classNames: loaded.classNames } : null;
    const { epochs, batchSize, learningRate, optimizer, seed, patience } = trainSettings;
    try {
      const hash = await encodeShare({
        arch,
        settings: { epochs, batchSize, learningRate, optimizer, seed, patience },
        dataset,
        folder,
        text: lessonText.trim() || null,
        ab: null,
      });
      const link = `${window.location.origin}${window.location.pathname}${hash}`;
      setUrl(link);
      try {
        await navigator.clipboard.writeText(link);
        setStatus('Link copied to the clipboard.');
      } catch {
        setStatus('Copy the link from the field below.');
      }
    } catch (e) {
      setUrl(null);
      setStatus(`No link could be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="share-control">
      <h3>Share</h3>
      <div className="export-row">
        <button type="button" data-testid="share-button" data-url={url ?? ''} onClick={() => void makeLink()}>
          Make a share link
        </button>
      </div>
      {status && (
        <p className="muted" role="status" data-testid="share-status">
          {status}
        </p>
      )}
      {url && (
        <input
          className="share-url"
          data-testid="share-url"
          readOnly
          value={url}
          aria-label="Share link"
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      <details className="share-lesson">
        <summary>Lesson link (for teachers)</summary>
        <ChoiceField
          label="Data the link names"
          testId="share-dataset-select"
          value={lessonData}
          choices={LESSON_DATA}
          text={LESSON_DATA_TEXT}
          inline
          onChange={setLessonData}
        />
        <label>
          Instruction shown to the student
          <textarea
            data-testid="share-text-input"
            maxLength={MAX_TEXT_CHARS}
            value={lessonText}
            onChange={(e) => setLessonText(e.target.value)}
            placeholder="e.g. Train for 5 epochs, then add Dropout(0.5) and compare."
          />
        </label>
        <p className="muted">Make the link again after changing these. Links hold the setup only, never images.</p>
      </details>
    </div>
  );
}
