import { expect, test } from 'vitest';
import { transferables } from './transfer';

test('collects every typed array buffer once, however deep', () => {
  const a = new Float32Array(4);
  const b = new Uint32Array(2);
  const result = {
    values: a,
    cells: [b, b.subarray(1)],
    at: { step: { patch: new Int8Array(3) } },
    name: 'conv2d',
    n: 3,
    none: null,
  };
  const buffers = transferables(result);
  expect(buffers).toHaveLength(3);
  expect(buffers).toContain(a.buffer);
  expect(buffers).toContain(b.buffer);
  expect(transferables([1, 'x', null])).toEqual([]);
});
