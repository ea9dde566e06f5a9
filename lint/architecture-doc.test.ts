// The folders table of docs/ARCHITECTURE.md says what eslint.config.js enforces: every BOUNDARIES row has its
// row in the table (a folder's more specific rows, e.g. vite-plugin.ts, share their folder's), and each row's
// "may import" cell names exactly the folders and packages its rules allow. A rule changed without the doc, or
// the doc without the rule, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- eslint.config.js is plain JS without types; its rows are read as `Row` below.
import { BOUNDARIES } from '../eslint.config.js';

interface Row {
  layer: string;
  files: string[];
  allow: string[];
  packages: string[];
  typeOnly?: string[];
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = readFileSync(path.join(root, 'docs/ARCHITECTURE.md'), 'utf8');

/** The `code` spans of a table cell. */
const spans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
/** 'src/model/**' and 'src/model/' -> 'src/model'. */
const folder = (p: string) => p.replace(/\/\*\*$/, '').replace(/\/$/, '');
const isPath = (span: string) => span.startsWith('src/');
/** An npm package or virtual module name, as the rules list them (not a file name, not a phrase). */
const isPackage = (span: string) => /^(@[a-z0-9-]+\/)?(\*|[a-z0-9][a-z0-9:-]*)$/.test(span);

/** The table's rows under "## Folders" whose folder cell names something in src/. */
function docRows(): { names: string[]; mayImport: string }[] {
  const section = doc.slice(doc.indexOf('## Folders'), doc.indexOf('\n## ', doc.indexOf('## Folders') + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `src/'))
    .map((line) => {
      const cells = line.split(' | ');
      return { names: spans(cells[0]!).map(folder), mayImport: cells.at(-1)!.replace(/ \|$/, '') };
    });
}

const rules = (BOUNDARIES as Row[]).filter((r) => r.files[0] !== 'src/**');
const rows = docRows();

/** The doc row of a rule: the one naming its first file or folder, else the one naming the folder it lies in. */
function rowOf(rule: Row) {
  const key = folder(rule.files[0]!);
  const exact = rows.find((r) => r.names.includes(key));
  if (exact) return exact;
  return rows
    .filter((r) => r.names.some((n) => key.startsWith(`${n}/`)))
    .sort((a, b) => Math.max(...b.names.map((n) => n.length)) - Math.max(...a.names.map((n) => n.length)))[0];
}

describe('docs/ARCHITECTURE.md folders table', () => {
  it('has a row for every boundary rule, and no row without one', () => {
    for (const rule of rules) expect(rowOf(rule), rule.layer).toBeDefined();
    for (const row of rows)
      expect(
        rules.some((rule) => rowOf(rule) === row),
        row.names.join(', '),
      ).toBe(true);
  });

  for (const row of rows) {
    it(`names what ${row.names.join(', ')} may import, as the rules allow it`, () => {
      const covered = rules.filter((rule) => rowOf(rule) === row);
      const paths = new Set(covered.flatMap((r) => [...r.allow, ...(r.typeOnly ?? [])].filter(isPath).map(folder)));
      const packages = new Set(
        covered.flatMap((r) => [...r.packages, ...(r.typeOnly ?? []).filter((p) => !isPath(p))]),
      );
      const said = spans(row.mayImport);
      expect(new Set(said.filter(isPath).map(folder)), 'folders').toEqual(paths);
      expect(new Set(said.filter((s) => !isPath(s) && isPackage(s))), 'packages').toEqual(packages);
    });
  }
});

// Every file or folder the doc names in a `code` span exists: a path (`src/worker/spill.ts`, `store/runs/ab.ts`,
// `worker/h5/`) is matched against the end of a real path, a bare file name (`infer.ts`) against any file's name.
// Spans holding a placeholder or pattern (`<class>/webcam-0001.png`, `src/worker/protocol-*`) are not names.
const SKIP = new Set(['node_modules', '.git', 'dist', 'test-results', '.e2e-dist', 'playwright-report']);
function walk(dir: string, rel = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? [`${r}/`, ...walk(path.join(dir, e.name), r)] : [r];
  });
}
const TOP =
  /^(src|lint|e2e|scripts|bench|docs|public|native|testdata|store|worker|model|data|ui|client|export|kernels|inspect|bases|h5|base-files|runs|train|lessons|common)\//;
const CODE_FILE = /^[\w.-]+\.(tsx?|mjs|js|c|py|html)$/;

describe('docs/ARCHITECTURE.md names', () => {
  it('only files and folders that exist', () => {
    const all = walk(root);
    const names = new Set(all.map((p) => p.replace(/\/$/, '').split('/').at(-1)));
    const missing = [...new Set([...doc.replace(/```[^]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!))]
      .filter((s) => /^[\w./-]+$/.test(s) && (TOP.test(s) || CODE_FILE.test(s)))
      .filter((s) =>
        s.includes('/')
          ? !all.some((p) => [s, `${s}/`, `${s}.ts`, `${s}.tsx`].some((c) => p === c || p.endsWith(`/${c}`)))
          : !names.has(s),
      );
    expect(missing).toEqual([]);
  });
});
