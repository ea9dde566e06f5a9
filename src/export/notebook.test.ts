import { describe, expect, it } from 'vitest';
import { PRESETS } from '../model/presets';
import { describeDataset } from './dataset';
import { kerasScript, kerasSections, sectionsToScript } from './keras';
import { notebookJson } from './notebook';

const settings = { epochs: 3, batchSize: 32, learningRate: 0.001, optimizer: 'adam' as const, seed: 1, patience: 2 };

describe('notebook export', () => {
  for (const preset of [PRESETS[0]!, PRESETS[4]!]) {
    it(`is nbformat 4 JSON whose code cells are the .py program (${preset.id})`, () => {
      const arch = preset.build();
      const data = preset.id.startsWith('mnist')
        ? describeDataset(
            { kind: 'builtin', builtin: 'mnist' },
            { classNames: [...'0123456789'] },
            null,
            null,
            arch.input,
          )
        : describeDataset(
            { kind: 'folder', rootName: 'cats', layout: 'classes', fileCount: 10 },
            { classNames: ['cat', 'dog'] },
            null,
            null,
            arch.input,
          );
      const sections = kerasSections(arch, settings, data);
      const nb = JSON.parse(notebookJson(sections, preset.label)) as {
        nbformat: number;
        nbformat_minor: number;
        metadata: { kernelspec: { language: string } };
        cells: {
          cell_type: string;
          source: string[];
          metadata: object;
          outputs?: unknown[];
          execution_count?: unknown;
          id: string;
        }[];
      };
      expect(nb.nbformat).toBe(4);
      expect(nb.nbformat_minor).toBeGreaterThanOrEqual(5);
      expect(nb.metadata.kernelspec.language).toBe('python');
      for (const cell of nb.cells) {
        expect(['markdown', 'code']).toContain(cell.cell_type);
        expect(Array.isArray(cell.source)).toBe(true);
        expect(cell.metadata).toEqual({});
        expect(typeof cell.id).toBe('string');
        if (cell.cell_type === 'code') {
          expect(cell.outputs).toEqual([]);
          expect(cell.execution_count).toBeNull();
        }
      }
      expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
      // Every step is explained in a markdown cell right before its code.
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      expect(code).toHaveLength(sections.length);
      nb.cells.forEach((c, i) => c.cell_type === 'code' && expect(nb.cells[i - 1]!.cell_type).toBe('markdown'));
      const program = sectionsToScript(code.map((c) => ({ title: '', explain: '', code: c.source.join('') })));
      expect(program).toBe(kerasScript(arch, settings, data));
      expect(program).toContain('layers.Conv2D(filters=32');
    });
  }
});
