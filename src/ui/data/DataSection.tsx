// The Data section: choose a source, see what was loaded and what was not.
import { useState } from 'react';
import { useLab } from '../../store';
import { SourcePicker } from './SourcePicker';
import { LoadSettings } from './LoadSettings';
import { DataMessages, DataStatus, KeptDatasetNote, MismatchBanner } from './DataStatus';
import { ClassTable } from './ClassTable';
import { HealthReport, SkippedList } from './HealthReport';
import { SampleGrid } from './SampleGrid';
import { DatasetDownload } from './DatasetDownload';
import { WebcamButton } from './webcam/WebcamButton';
import { WebcamPanel } from './webcam/WebcamPanel';
import { useFolderDrop } from './use-folder-drop';
import './data.css';

export function DataSection() {
  const dataset = useLab((s) => s.dataset);
  const input = useLab((s) => s.arch.input);
  const locked = useLab((s) => s.dataLock !== null);
  // After a failed load the previous dataset stays loaded (training would use it): its view steps aside for the error, naming it.
  const failed = useLab((s) => s.dataError !== null);
  const { clearDataset, setSection } = useLab.getState();
  const [selectedClass, setSelectedClass] = useState(0);
  // The class webcam capture records into ('' for a new one); null: closed.
  const [webcamClass, setWebcamClass] = useState<string | null>(null);
  const { dragging, reading } = useFolderDrop();
  const label = dataset && selectedClass < dataset.classNames.length ? selectedClass : 0;

  return (
    <div className="data-section">
      <section className="panel" aria-labelledby="data-source-heading">
        <div className="data-head">
          <h2 id="data-source-heading">Dataset</h2>
          <DataStatus />
        </div>
        <SourcePicker />
        {webcamClass === null ? (
          <WebcamButton className={null} onOpen={setWebcamClass} />
        ) : (
          <WebcamPanel key={webcamClass} initialClass={webcamClass} onClose={() => setWebcamClass(null)} />
        )}
        <p className="muted target-note">
          Images are resized to the model’s input, {input.height}×{input.width}{' '}
          {input.channels === 1 ? 'grayscale' : 'RGB'}, and follow it: change it in{' '}
          <button type="button" className="link" onClick={() => setSection('model')}>
            Model
          </button>{' '}
          and the dataset is made again from its files. A new folder keeps its colour and picks a size the model takes,
          unless you set the input by hand. Pixels are kept as bytes in this browser only.
        </p>
        <LoadSettings />
        {reading !== null && (
          <p className="notice" role="status">
            Reading the dropped folder… {reading > 0 && `${reading.toLocaleString('en-US')} files`}
          </p>
        )}
        <DataMessages />
        <MismatchBanner />
        {(!dataset || failed) && <SkippedList />}
        {dataset && failed && <KeptDatasetNote />}
      </section>

      {dataset && !failed && (
        <div className="data-columns">
          <section className="panel" aria-labelledby="classes-heading">
            <div className="data-head">
              <h2 id="classes-heading">Classes</h2>
              <button
                type="button"
                className="danger"
                onClick={clearDataset}
                disabled={locked}
                data-testid="clear-dataset-button"
              >
                Clear dataset
              </button>
            </div>
            <ClassTable selected={label} onSelect={setSelectedClass} onWebcam={setWebcamClass} />
            <DatasetDownload />
            <h3>Health</h3>
            <HealthReport />
            <SkippedList />
          </section>
          <section className="panel" aria-labelledby="samples-heading">
            <h2 id="samples-heading">Samples</h2>
            <SampleGrid label={label} />
          </section>
        </div>
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the folder to load it</div>
        </div>
      )}
    </div>
  );
}
