import { useState } from 'react';
import { useLab } from '../../store';
import { ArchToolbar } from './ArchToolbar';
import { LayerStack } from './LayerStack';
import { SummaryTable } from './SummaryTable';
import { ArchErrors } from './ArchErrors';
import { LayerExplainer } from './LayerExplainer';
import { useArchSummary } from './use-arch-summary';
import { useUndoShortcuts } from './use-undo-shortcuts';
import { useInvalidFields } from '../common/use-invalid-fields';
import { ModelSizeWarning } from '../train/TrainEstimate';
import { useTrainEstimate } from '../train/use-train-estimate';
import { AugmentationPanel } from './AugmentationPanel';
import { BaseWeightsPanel } from './BaseWeightsPanel';
import { TfjsBasePanel } from './TfjsBasePanel';
import { modelDropHandlers } from '../export/ModelIo';

export function ModelSection() {
  const summary = useArchSummary();
  const estimate = useTrainEstimate();
  const invalidModelFields = useInvalidFields().filter((f) => f.target.kind !== 'train');
  const notice = useLab((s) => s.modelNotice);
  const layers = useLab((s) => s.arch.layers);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  useUndoShortcuts();
  const selected = layers.find((l) => l.id === selectedId) ?? layers[0] ?? null;

  return (
    // Files dropped anywhere on the section import a TensorFlow.js model (ModelIo.tsx).
    <div className="model-section" {...modelDropHandlers}>
      <ArchToolbar />
      {notice && (
        <p className="notice" role="status" data-testid="model-notice">
          {notice}
        </p>
      )}
      <div className="model-columns">
        <section className="panel" aria-labelledby="layers-heading">
          <h2 id="layers-heading">Layers</h2>
          <LayerStack summary={summary} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
        </section>
        <div className="model-side">
          {/* Beside the top of the stack, where the augmentation layers are. */}
          <AugmentationPanel />
          <BaseWeightsPanel />
          <TfjsBasePanel />
          <section className="panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Summary</h2>
            <ArchErrors summary={summary} fields={invalidModelFields} onSelect={setSelectedId} />
            <ModelSizeWarning estimate={estimate} />
            <SummaryTable summary={summary} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
          </section>
          {selected && <LayerExplainer type={selected.type} />}
        </div>
      </div>
    </div>
  );
}
