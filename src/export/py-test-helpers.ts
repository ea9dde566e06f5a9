// Test helpers: read exported Python back (layer calls, literals) and check
// it with the real Python compiler when one is installed. Used by tests only.
import { baseLayers, baseModelName } from '../model/bases/spec';
import type { BaseRef, MobileNetV2Alpha } from '../model/bases/types';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argSpecs, KERAS_DEFAULTS } from './layers-py';

export const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Compiles the source with `python3 -m py_compile`; returns the error text, or null when it compiles. */
export function pyCompileError(source: string, name = 'script.py'): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'lab-export-'));
  const file = join(dir, name);
  writeFileSync(file, source);
  const result = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  return result.status === 0 ? null : `${result.stderr}${result.stdout}`;
}

/** Splits "a=1, b=(2, 3), c="x,y"" at its top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') {
        current += ch + text[++i];
        continue;
      }
      if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** A Python literal as the exporter writes them: numbers, "1 / 255", strings, None, tuples. */
export function parsePyLiteral(text: string): unknown {
  const t = text.trim();
  if (t === 'None') return null;
  if (t === 'True' || t === 'False') return t === 'True';
  if (t.startsWith('"')) return JSON.parse(t);
  if (t.startsWith('(')) return splitArgs(t.slice(1, -1)).map(parsePyLiteral);
  const frac = /^(-?[\d.]+) \/ ([\d.]+)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  const n = Number(t);
  if (!Number.isFinite(n)) throw new Error(`not a literal: ${t}`);
  return n;
}

export interface ParsedLayer {
  type: string;
  name: string;
  config: Record<string, unknown>;
}

/** Every `layers.X(...)(...)` line of a script, as the layer config it stands for (Keras defaults filled in). */
export function parseLayerLines(script: string): ParsedLayer[] {
  const out: ParsedLayer[] = [];
  const base = baseParser();
  for (const line of script.split('\n')) {
    const b = base(line);
    if (b) out.push(b);
    const m = /^\s*(?:x|outputs) = layers\.(\w+)\((.*)\)\((?:inputs|x)\)$/.exec(line);
    if (!m) continue;
    const type = m[1]!;
    const given = new Map(
      splitArgs(m[2]!).map((a) => {
        const eq = a.indexOf('=');
        return [a.slice(0, eq), a.slice(eq + 1)] as const;
      }),
    );
    const config: Record<string, unknown> = { type };
    for (const spec of argSpecs(type)) {
      const text = given.get(spec.keras) ?? KERAS_DEFAULTS[type]?.[spec.keras];
      if (text === undefined) continue;
      let value = parsePyLiteral(text);
      if (spec.kind === 'pair' && typeof value === 'number') value = [value, value];
      config[spec.key] = value;
    }
    out.push({ type, name: String(parsePyLiteral(given.get('name') ?? '""')), config });
  }
  return out;
}

/**
 * The base block base-py.ts writes (conv_base = keras.applications..., its trainable lines, then
 * `x = conv_base(x)`), read back as the lab's Base layer with the Functional model's name.
 */
function baseParser(): (line: string) => ParsedLayer | null {
  let pending: { ref: BaseRef; h: number; w: number; fineTuneFrom: string | null } | null = null;
  return (line) => {
    const made = /^\s*conv_base = keras\.applications\.(VGG16|MobileNetV2)\((.*)\)$/.exec(line);
    if (made) {
      const args = new Map(splitArgs(made[2]!).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
      const [h, w] = parsePyLiteral(args.get('input_shape')!) as number[];
      const ref: BaseRef =
        made[1] === 'VGG16'
          ? { base: 'vgg16' }
          : { base: 'mobilenet_v2', alpha: Number(args.get('alpha') ?? '1.0') as MobileNetV2Alpha };
      pending = { ref, h: h!, w: w!, fineTuneFrom: null };
      return null;
    }
    const frozenUpTo = /^\s*for layer in conv_base\.layers\[:(\d+)\]:/.exec(line);
    if (frozenUpTo && pending)
      pending.fineTuneFrom = baseLayers(pending.ref, pending.h, pending.w)[Number(frozenUpTo[1])]!.name;
    if (!/^\s*(?:x|outputs) = conv_base\(x\)$/.test(line) || !pending) return null;
    const { ref, h, w, fineTuneFrom } = pending;
    pending = null;
    return {
      type: 'Base',
      name: baseModelName(ref, h, w),
      config: { type: 'Base', base: ref.base, alpha: ref.base === 'vgg16' ? 1 : ref.alpha, fineTuneFrom },
    };
  };
}
