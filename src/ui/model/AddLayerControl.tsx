// Adds a layer of a chosen type at a chosen position (inserting before the
// output layer would be surprising, so the default is the end). After an
// insert, the position moves past the new layer so a block can be typed in order.
import { useState } from 'react';
import { useLab } from '../../store';
import { LAYER_TYPES, type LayerType } from '../../model/layers';
import { ChoiceField } from '../common/ChoiceField';

export function AddLayerControl({ layerNames, onAdded }: { layerNames: string[]; onAdded: (id: string) => void }) {
  const addLayer = useLab((s) => s.addLayer);
  const [type, setType] = useState<LayerType>('Conv2D');
  const [position, setPosition] = useState<number | 'end'>('end');
  const at = position === 'end' || position > layerNames.length ? layerNames.length : position;

  return (
    <div className="add-layer">
      <ChoiceField
        label="Layer type"
        testId="add-layer-type"
        value={type}
        choices={LAYER_TYPES}
        text={(t) => t}
        wide={false}
        onChange={setType}
      />
      <ChoiceField
        label="Position"
        testId="add-layer-position"
        value={position}
        // Where the layer goes: 0 first, i + 1 after layer i + 1.
        choices={['end', 0, ...layerNames.slice(0, -1).map((_, i) => i + 1)]}
        text={(p) => (p === 'end' ? 'At the end' : p === 0 ? 'At the start' : `After ${p}. ${layerNames[p - 1]}`)}
        wide={false}
        onChange={setPosition}
      />
      <button
        type="button"
        className="primary"
        data-testid="add-layer-button"
        onClick={() => {
          const id = addLayer(type, at);
          if (!id) return;
          // The next layer most likely follows this one.
          if (position !== 'end') setPosition(at + 1);
          onAdded(id);
        }}
      >
        Add layer
      </button>
    </div>
  );
}
