// One layer in the stack: its Keras name, inline parameters, output shape and
// the actions a student needs (move, duplicate, remove). Alt+Arrow keys move
// the focused card; Delete removes it (undo brings it back).
import type { DragEvent, KeyboardEvent } from 'react';
import { FIELDS, fieldApplies } from '../../model/params';
import { kerasClassName, type LayerSpec } from '../../model/layers';
import type { SummaryRow } from '../../model/infer';
import { kerasShape } from '../../model/format';
import { ParamField } from './ParamField';
import { BaseFields } from './BaseFields';

interface Props {
  layer: LayerSpec;
  row: SummaryRow | undefined;
  index: number;
  count: number;
  selected: boolean;
  dropBefore: boolean;
  onSelect: () => void;
  onChange: (patch: Record<string, unknown>, editKey: string) => void;
  onMove: (toIndex: number) => void;
  onDuplicate: () => void;
  onRemove: () => void;
  dragHandlers: {
    onDragStart: (e: DragEvent) => void;
    onDragOver: (e: DragEvent) => void;
    onDrop: (e: DragEvent) => void;
    onDragEnd: () => void;
  };
}

const CopyIcon = () => (
  <svg
    width="13"
    height="13"
    viewBox="0 0 16 16"
    aria-hidden="true"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.6"
  >
    <rect x="5" y="5" width="9" height="9" rx="1.5" />
    <path d="M11 5V3.5A1.5 1.5 0 0 0 9.5 2h-6A1.5 1.5 0 0 0 2 3.5v6A1.5 1.5 0 0 0 3.5 11H5" />
  </svg>
);

export function LayerCard({
  layer,
  row,
  index,
  count,
  selected,
  dropBefore,
  onSelect,
  onChange,
  onMove,
  onDuplicate,
  onRemove,
  dragHandlers,
}: Props) {
  const name = row?.name ?? layer.type;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.altKey && e.key === 'ArrowUp') onMove(index - 1);
    else if (e.altKey && e.key === 'ArrowDown') onMove(index + 1);
    else if (e.key === 'Delete') onRemove();
    else return;
    e.preventDefault();
  };
  // fill_value shows only with fill_mode "constant", where it does something.
  const fields = FIELDS[layer.type].filter((spec) => fieldApplies(spec, layer));
  const values = layer as unknown as Record<string, unknown>;

  return (
    <li
      className={`layer-card${selected ? ' selected' : ''}${row?.issue ? ' has-error' : ''}${dropBefore ? ' drop-before' : ''}`}
      data-testid="layer-card"
      data-layer-id={layer.id}
      data-layer-type={layer.type}
      tabIndex={0}
      aria-label={`Layer ${index + 1} of ${count}: ${name} (${kerasClassName(layer.type)}). Alt+Up or Alt+Down moves it, Delete removes it.`}
      onKeyDown={onKeyDown}
      // Focus selects the card for keyboard users, but not from its buttons: selecting swaps the explainer
      // beside the stack, and a page that reflows between mousedown and mouseup loses the button's click
      // (a ✕ that only selected the layer). A click on a button still selects, after its own action.
      onFocus={(e) => {
        if (!(e.target instanceof HTMLButtonElement)) onSelect();
      }}
      onClick={onSelect}
      onDragOver={dragHandlers.onDragOver}
      onDrop={dragHandlers.onDrop}
    >
      <div className="layer-head">
        <span
          className="drag-handle"
          draggable
          data-testid="drag-handle"
          title="Drag to reorder"
          aria-hidden="true"
          onDragStart={dragHandlers.onDragStart}
          onDragEnd={dragHandlers.onDragEnd}
        >
          ⋮⋮
        </span>
        <span className="layer-index">{index + 1}</span>
        <span className="layer-name">{name}</span>
        <span className="layer-type">{kerasClassName(layer.type)}</span>
        <span className="layer-shape" title="Output shape">
          {row?.outputShape ? kerasShape(row.outputShape) : row?.issue ? '⚠' : '—'}
        </span>
        <span className="layer-actions">
          <button
            type="button"
            className="icon"
            aria-label={`Move ${name} up`}
            title="Move up (Alt+↑)"
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
            data-testid="move-up"
          >
            ↑
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Move ${name} down`}
            title="Move down (Alt+↓)"
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
            data-testid="move-down"
          >
            ↓
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Duplicate ${name}`}
            title="Duplicate"
            onClick={onDuplicate}
            data-testid="duplicate-layer"
          >
            <CopyIcon />
          </button>
          <button
            type="button"
            className="icon danger"
            aria-label={`Remove ${name}`}
            title="Remove (Delete)"
            onClick={onRemove}
            data-testid="remove-layer"
          >
            ✕
          </button>
        </span>
      </div>
      {fields.length > 0 && (
        <div className="layer-params">
          {fields.map((spec) => (
            <ParamField
              key={spec.key}
              spec={spec}
              value={values[spec.key]}
              layerName={name}
              layerId={layer.id}
              onCommit={(value, key) => onChange({ [spec.key]: value }, key)}
            />
          ))}
        </div>
      )}
      {layer.type === 'Base' && <BaseFields layer={layer} onChange={onChange} />}
      {row?.issue && <p className="layer-error">{row.issue.fix}</p>}
      {row?.warning && (
        <p className="layer-warning" data-testid="layer-warning" role="note">
          {row.warning}
        </p>
      )}
    </li>
  );
}
