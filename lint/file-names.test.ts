// One case style for file names: modules (.ts, .mjs, .js and the rest) in kebab-case, React component
// files (.tsx, and their own .css) in PascalCase, named for the component; tests take their module's name.
import { describe, expect, it } from 'vitest';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tracked = execSync('git ls-files src e2e lint scripts bench', { cwd: root, encoding: 'utf8' }).trim().split('\n');

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

/** The name before its first dot (`train-slice.backend.test.ts` -> `train-slice`). */
const stem = (path: string) => (path.split('/').pop() ?? '').split('.')[0] ?? '';

function misnamed(paths: string[]): string[] {
  return paths.filter((p) => {
    if (p.includes('/native/') || p.includes('/testdata/') || p.includes('/fixtures/') || p.endsWith('.md'))
      return false;
    const name = stem(p);
    if (p === 'src/main.tsx') return false; // the page's entry, as Vite names it
    if (p.endsWith('.tsx') && !p.endsWith('.test.tsx')) return !PASCAL.test(name);
    if (p.endsWith('.test.tsx') || p.endsWith('.css')) return !PASCAL.test(name) && !KEBAB.test(name);
    return !KEBAB.test(name) && !/^[a-z0-9_]+$/.test(name); // Python scripts keep snake_case
  });
}

describe('file names', () => {
  it('are kebab-case for modules and PascalCase for components', () => {
    expect(misnamed(tracked)).toEqual([]);
  });
  it('catch a camelCase module and a lower-case component', () => {
    expect(
      misnamed(['src/store/trainSlice.ts', 'src/ui/train/trainControls.tsx', 'src/ui/train/TrainControls.tsx']),
    ).toEqual(['src/store/trainSlice.ts', 'src/ui/train/trainControls.tsx']);
  });
});
