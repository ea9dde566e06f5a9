// The same program as a Jupyter notebook (nbformat 4): a markdown cell that
// explains each step, then its code. The code cells, joined as sectionsToScript
// joins them, are exactly the .py file.
import type { ScriptSection } from './keras';

interface Cell {
  cell_type: 'markdown' | 'code';
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: [];
}

/** nbformat stores text as lines that keep their "\n" (all but the last). */
function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line));
}

export function notebookJson(sections: ScriptSection[], title: string): string {
  const cells: Cell[] = [
    {
      cell_type: 'markdown',
      metadata: {},
      source: lines(
        `# ${title}\n\nExported from Convnet Lab. Run the cells in order (Run All); the same program is the \`.py\` export.`,
      ),
    },
  ];
  for (const s of sections) {
    cells.push({ cell_type: 'markdown', metadata: {}, source: lines(`## ${s.title}\n\n${s.explain}`) });
    cells.push({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines(s.code) });
  }
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    cells: cells.map((c, i) => ({ ...c, id: `cell-${i}` })),
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}
