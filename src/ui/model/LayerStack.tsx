// The editable list of layers with drag-and-drop reordering. Keyboard users
// get the same moves through Alt+Arrow keys and the buttons on each card.
import { useRef, useState } from 'react';
import { useLab } from '../../store';
import type { ArchSummary } from '../../model/infer';
import type { Architecture, LayerConfig } from '../../model/layers';
import { LayerCard } from './LayerCard';
import { AddLayerControl } from './AddLayerControl';

interface Props {
  summary: ArchSummary;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function LayerStack({ summary, selectedId, onSelect }: Props) {
  const arch = useLab((s) => s.arch);
  const layers = arch.layers;
  const { moveLayer, duplicateLayer, removeLayer, updateLayer, undo } = useLab.getState();
  const [dragId, setDragId] = useState<string | null>(null);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  // The removal and the stack it left: its Undo bar shows only while that stack is still the one edited (any
  // later edit, undo or preset replaces it, and Undo would then take back something else).
  const [removed, setRemoved] = useState<{ name: string; after: Architecture } | null>(null);
  const list = useRef<HTMLOListElement>(null);

  const focusCard = (id: string) =>
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-layer-id="${id}"]`)?.focus());

  const move = (id: string, to: number) => {
    moveLayer(id, to);
    focusCard(id);
  };

  const remove = (id: string, index: number) => {
    const name = summary.rows[index]?.name ?? 'layer';
    const before = useLab.getState().arch;
    removeLayer(id);
    const after = useLab.getState().arch;
    // Refused (the model is locked while training): nothing to undo.
    if (after !== before) setRemoved({ name, after });
    const neighbour = layers[index + 1] ?? layers[index - 1];
    if (neighbour) focusCard(neighbour.id);
  };

  return (
    <div className="layer-stack">
      <p className="input-row muted" data-testid="summary-input">
        Input: ({summary.input.join(', ')})
      </p>
      {layers.length === 0 && <p className="empty">No layers yet. Choose a preset above or add a layer below.</p>}
      <ol ref={list} className="layer-list" onDragLeave={(e) => e.currentTarget === e.target && setDropIndex(null)}>
        {layers.map((layer, index) => (
          <LayerCard
            key={layer.id}
            layer={layer}
            row={summary.rows[index]}
            index={index}
            count={layers.length}
            selected={layer.id === selectedId}
            dropBefore={dragId !== null && dropIndex === index}
            onSelect={() => onSelect(layer.id)}
            onChange={(patch, key) => updateLayer(layer.id, patch as Partial<LayerConfig>, key)}
            onMove={(to) => move(layer.id, to)}
            onDuplicate={() => duplicateLayer(layer.id)}
            onRemove={() => remove(layer.id, index)}
            dragHandlers={{
              onDragStart: (e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', layer.id);
                setDragId(layer.id);
              },
              onDragOver: (e) => {
                if (!dragId) return;
                e.preventDefault();
                const box = e.currentTarget.getBoundingClientRect();
                setDropIndex(e.clientY < box.top + box.height / 2 ? index : index + 1);
              },
              onDrop: (e) => {
                e.preventDefault();
                const id = dragId ?? e.dataTransfer.getData('text/plain');
                const from = layers.findIndex((l) => l.id === id);
                if (from >= 0 && dropIndex !== null) moveLayer(id, dropIndex > from ? dropIndex - 1 : dropIndex);
                setDragId(null);
                setDropIndex(null);
              },
              onDragEnd: () => {
                setDragId(null);
                setDropIndex(null);
              },
            }}
          />
        ))}
      </ol>
      {removed?.after === arch && (
        <p className="undo-bar" role="status" data-testid="layer-undo-bar">
          Removed {removed.name}.{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              undo();
              setRemoved(null);
            }}
          >
            Undo
          </button>
        </p>
      )}
      <AddLayerControl
        layerNames={summary.rows.map((r) => r.name)}
        onAdded={(id) => {
          setRemoved(null);
          onSelect(id);
          focusCard(id);
        }}
      />
    </div>
  );
}
