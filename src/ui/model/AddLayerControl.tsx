// Adds a layer of a chosen type at a chosen position (inserting before the
// output layer would be surprising, so the default is the end). After an
// insert, the position moves past the new layer so a block can be typed in order.
import { useState } from 'react';
import { useLab } from '../../store';
import { LAYER_TYPES, type LayerType } from '../../model/layers';

export function AddLayerControl({ layerNames, onAdded }: { layerNames: string[]; onAdded: (id: string) => void }) {
  const addLayer = useLab((s) => s.addLayer);
  const [type, setType] = useState<LayerType>('Conv2D');
  const [position, setPosition] = useState<number | 'end'>('end');
  const at = position === 'end' || position > layerNames.length ? layerNames.length : position;

  return (
    <div className="add-layer">
      <label className="field">
        <span>Layer type</span>
        <select data-testid="add-layer-type" value={type} onChange={(e) => setType(e.target.value as LayerType)}>
          {LAYER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Position</span>
        <select
          data-testid="add-layer-position"
          value={String(position)}
          onChange={(e) => setPosition(e.target.value === 'end' ? 'end' : Number(e.target.value))}
        >
          <option value="end">At the end</option>
          <option value="0">At the start</option>
          {layerNames.slice(0, -1).map((name, i) => (
            <option key={`${name}-${i}`} value={i + 1}>
              After {i + 1}. {name}
            </option>
          ))}
        </select>
      </label>
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
