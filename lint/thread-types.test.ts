// One TypeScript config per thread: tsconfig.page.json (DOM) for the page, tsconfig.worker.json (WebWorker)
// for the workers. This compiles a small fixture with each config's own compiler options, as if it sat in
// that thread's folder: a worker file that touches `document` and a page file that uses a worker's global
// scope must fail, and the same files without that line must pass. It also checks that `tsc -b` (npm run
// typecheck) builds both configs and that every source file belongs to exactly one of them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parsed(config: string): ts.ParsedCommandLine {
  const file = path.join(root, config);
  const { config: json, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(json, ts.sys, root, undefined, file);
}

/** Parsed library files (lib.*.d.ts, types), shared by every compile here: parsing them is most of the time. */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * The errors of `source` compiled alone as the repo file `file`, with the config's compiler options (its
 * `lib` is what decides; `types` is left out, so nothing but the lib declares the globals, and it is faster).
 */
function errors(config: string, file: string, source: string): string[] {
  const options: ts.CompilerOptions = { ...parsed(config).options, noEmit: true, incremental: false, types: [] };
  delete options.tsBuildInfoFile;
  const target = path.join(root, file);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    if (path.resolve(name) === target) return ts.createSourceFile(name, source, language);
    if (!parsedFiles.has(name)) parsedFiles.set(name, getSourceFile(name, language, ...rest));
    return parsedFiles.get(name);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === target || fileExists(name);
  const program = ts.createProgram([target], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(target))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const fixture = (name: string) => readFileSync(path.join(root, 'lint/fixtures', name), 'utf8');
/** The fixture without its marked line. */
const without = (source: string, marker: string) =>
  source
    .split('\n')
    .filter((line) => !line.includes(marker))
    .join('\n');

describe('one TypeScript config per thread', () => {
  it('a worker file cannot touch the page: `document` fails under tsconfig.worker.json', () => {
    const source = fixture('thread-worker.ts.txt');
    const refused = errors('tsconfig.worker.json', 'src/worker/fixture.worker.ts', source);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Cannot find name 'document'/);
    const kept = without(source, '// page only').replace('bytes: pixels.length, title', 'bytes: pixels.length');
    expect(errors('tsconfig.worker.json', 'src/worker/fixture.worker.ts', kept)).toEqual([]);
  });

  it("a page file cannot use a worker's global scope under tsconfig.page.json", () => {
    const source = fixture('thread-page.ts.txt');
    const refused = errors('tsconfig.page.json', 'src/ui/Fixture.ts', source);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Cannot find name 'DedicatedWorkerGlobalScope'/);
    expect(errors('tsconfig.page.json', 'src/ui/Fixture.ts', without(source, '// worker only'))).toEqual([]);
  });

  it('npm run typecheck builds both threads, and every source file is in exactly one of them', () => {
    const solution = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
      references: { path: string }[];
    };
    expect(solution.references.map((r) => r.path)).toEqual(
      expect.arrayContaining(['./tsconfig.page.json', './tsconfig.worker.json']),
    );
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.typecheck).toMatch(/^tsc -b\b/);

    const page = new Set(parsed('tsconfig.page.json').fileNames.map((f) => path.relative(root, f)));
    const worker = new Set(parsed('tsconfig.worker.json').fileNames.map((f) => path.relative(root, f)));
    const sources = ts.sys
      .readDirectory(path.join(root, 'src'), ['.ts', '.tsx'])
      .map((f) => path.relative(root, f))
      .filter((f) => !f.endsWith('.d.ts'));
    expect(sources.filter((f) => page.has(f) === worker.has(f))).toEqual([]);
    for (const f of [
      'src/App.tsx',
      'src/main.tsx',
      'src/client/client.ts',
      'src/store/index.ts',
      'src/bench-page/main.ts',
    ])
      expect(page.has(f), f).toBe(true);
    for (const f of [
      'src/worker/train.worker.ts',
      'src/worker/service.ts',
      'src/data/decode.worker.ts',
      'src/kernels/wasm/pool.worker.ts',
      'src/bench-page/bench.worker.ts',
    ])
      expect(worker.has(f), f).toBe(true);
  });
});
