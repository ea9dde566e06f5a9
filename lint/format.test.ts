// `npm run lint` runs `prettier --check .`: this proves the check refuses an
// unformatted file and accepts the same code once formatted, with the
// project's own .prettierrc.json (a config that stopped loading would pass both).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = readFileSync(new URL('./fixtures/unformatted.ts.txt', import.meta.url), 'utf8');

describe('the formatter check', () => {
  it('refuses an unformatted file and accepts it formatted, with the project config', async () => {
    const filepath = `${root}src/example.ts`;
    const config = await prettier.resolveConfig(filepath);
    expect(config).toMatchObject({ printWidth: 120, singleQuote: true });
    const options = { ...config, filepath };
    expect(await prettier.check(fixture, options)).toBe(false);
    const formatted = await prettier.format(fixture, options);
    expect(formatted).toBe('export const messy = { a: 1, b: [1, 2, 3] };\n');
    expect(await prettier.check(formatted, options)).toBe(true);
  });
  it('is part of npm run lint, over the whole tree', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toMatch(/prettier --check \./);
  });
});
