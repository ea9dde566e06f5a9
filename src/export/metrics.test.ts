import { describe, expect, it } from 'vitest';
import { CSV_HEADER, fileStem, metricsCsv, runJson } from './metrics';

const epochs = [
  { epoch: 2, loss: 0.25, accuracy: 0.91, valLoss: 0.3125, valAccuracy: 0.875, seconds: 12.5 },
  { epoch: 1, loss: 1.5, accuracy: 0.5, valLoss: Number.NaN, valAccuracy: 0.625, seconds: 1234.25 },
];

describe('results out', () => {
  it('writes one CSV row per epoch in order, with full precision and no thousands separators', () => {
    const lines = metricsCsv(epochs).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[0]).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds');
    expect(lines.slice(1)).toEqual(['1,1.5,0.5,nan,0.625,1234.25', '2,0.25,0.91,0.3125,0.875,12.5']);
    expect(metricsCsv([])).toBe(`${CSV_HEADER}\n`);
  });

  it('writes the run record as tagged JSON that reads back', () => {
    const run = { id: 'run-1', epochs, bestEpoch: 2 };
    const back = JSON.parse(runJson(run)) as {
      format: string;
      version: number;
      run: { id: string; epochs: { valLoss: unknown }[]; bestEpoch: number };
    };
    expect(back.format).toBe('convnet-lab-run');
    expect(back.version).toBe(1);
    expect(back.run.id).toBe('run-1');
    expect(back.run.bestEpoch).toBe(2);
    expect(back.run.epochs[1]!.valLoss).toBe('NaN');
  });

  it('makes file names from labels', () => {
    expect(fileStem('Cats vs dogs from scratch')).toBe('cats-vs-dogs-from-scratch');
    expect(fileStem('../../')).toBe('convnet-lab');
  });
});
