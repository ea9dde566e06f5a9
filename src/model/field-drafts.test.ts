import { describe, expect, it } from 'vitest';
import { draftIsLive, invalidFieldReason, invalidFields, numberProblem, type FieldDraft } from './field-drafts';
import { FIELDS, parseField } from './params';
import { findPreset } from './presets';

const arch = findPreset('mnist-convnet')!.build();
const conv = arch.layers.find((l) => l.type === 'Conv2D')! as { id: string; filters: number };
const settings = { learningRate: 0.001, epochs: 5, batchSize: 64 };
const ctx = { arch, settings };
const filters = FIELDS.Conv2D.find((f) => f.key === 'filters')!;

function filtersDraft(text: string): FieldDraft {
  const parsed = parseField(filters, text);
  return {
    text,
    error: 'error' in parsed ? parsed.error : null,
    label: 'conv2d filters',
    target: { kind: 'layer', layerId: conv.id, key: 'filters' },
    base: conv.filters,
  };
}

describe('what a field accepts', () => {
  it('refuses filters that are not a positive whole number', () => {
    for (const text of ['abc', '-5', '0', '2.5', '']) expect(parseField(filters, text), text).toHaveProperty('error');
    expect(parseField(filters, '64')).toEqual({ value: 64 });
  });

  it('refuses a learning rate, batch size or epoch count out of bounds', () => {
    expect(numberProblem('-1', 1e-12, 1e12, false)).toBe('Between 1e-12 and 1000000000000');
    expect(numberProblem('0', 1, 4096, true)).toBe('Between 1 and 4096');
    expect(numberProblem('abc', 1, 1000, true)).toBe('Enter a number');
    expect(numberProblem('', 1, 1000, true)).toBe('Enter a number');
    expect(numberProblem('2.5', 1, 1000, true)).toBe('Enter a whole number');
    expect(numberProblem('0.01', 1e-12, 1e12, false)).toBeNull();
  });
});

describe('invalid fields block training', () => {
  it('lists an invalid text over the value it was typed on, model fields before training settings', () => {
    const lr: FieldDraft = {
      text: '-1',
      error: numberProblem('-1', 1e-12, 1e12, false),
      label: 'Learning rate',
      target: { kind: 'train', key: 'learningRate' },
      base: 0.001,
    };
    const found = invalidFields({ lr, f: filtersDraft('abc') }, ctx);
    expect(found.map((d) => d.label)).toEqual(['conv2d filters', 'Learning rate']);
    expect(invalidFieldReason(lr)).toContain('Learning rate is "-1", which is not a valid value');
    expect(invalidFieldReason(lr)).toContain('Train > Settings');
    expect(invalidFieldReason(found[0]!)).toContain('go back to 32');
  });

  it('ignores valid drafts', () => {
    expect(invalidFields({ f: filtersDraft('64') }, ctx)).toEqual([]);
  });

  it('drops a draft whose field changed under it (undo, a preset) or whose layer is gone', () => {
    const d = filtersDraft('-5');
    expect(draftIsLive(d, ctx)).toBe(true);
    const changed = { ...arch, layers: arch.layers.map((l) => (l.id === conv.id ? { ...l, filters: 16 } : l)) };
    expect(draftIsLive(d, { arch: changed, settings })).toBe(false);
    const removed = { ...arch, layers: arch.layers.filter((l) => l.id !== conv.id) };
    expect(invalidFields({ d }, { arch: removed, settings })).toEqual([]);
  });
});
