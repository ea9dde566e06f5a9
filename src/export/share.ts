// Share links: the layer stack, the training hyperparameters (augmentation is
// part of the stack) and, for a teacher's lesson link, a built-in dataset and a
// short instruction, in the URL's fragment. Never any data. The fragment is
// never sent to a server. Format: #lab=<version>.<base64url(deflate-raw(JSON))>.
// A link is untrusted input: it is checked like stored state and any problem
// is reported in words, all or nothing.
import type { Architecture } from '../model/layers';
import { LAYER_TYPES, type LayerType } from '../model/layers';
import { layerParamProblem } from '../model/params';
import { sanitizeArchitecture } from '../model/sanitize';
import { shareableLayer } from '../model/bases/tfjs-use';
import { OPTIMIZERS, type OptimizerName } from '../model/training';
import type { BuiltinName } from '../data/source';
import { encodeFolder, readFolder, type SharedFolder } from './share-folder';

export const SHARE_KEY = 'lab=';
export const SHARE_VERSION = 1;
/** Longer links are refused before decoding (a typical stack takes about 200 characters). */
export const MAX_LINK_CHARS = 8192;
/** Inflated JSON beyond this is refused (a deflate bomb stops here). */
export const MAX_JSON_BYTES = 65536;
export const MAX_LAYERS = 200;
export const MAX_TEXT_CHARS = 600;
const MAX_DEPTH = 6;

export interface SharedSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: number;
  patience: number;
}
/** Room for the A/B experiment's settings: flat named values. */
export type SharedAb = Record<string, string | number | boolean>;

export interface SharedSetup {
  arch: Architecture;
  settings: Partial<SharedSettings>;
  /** The built-in dataset the setup was made on (loaded when the link opens). */
  dataset: BuiltinName | null;
  /** Or the folder it was made on: named, never carried. Optional: links made before carried none. */
  folder?: SharedFolder | null;
  /** A lesson link's instruction text. */
  text: string | null;
  ab: SharedAb | null;
}

export type DecodeResult = { ok: true; setup: SharedSetup } | { ok: false; message: string };

const SETTING_KEYS: Record<keyof SharedSettings, string> = {
  epochs: 'e',
  batchSize: 'b',
  learningRate: 'r',
  optimizer: 'o',
  seed: 'd',
  patience: 'p',
};
const BUILTIN_NAMES: readonly BuiltinName[] = ['mnist', 'shapes'];

// ---- bytes <-> base64url, deflate-raw ----

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates at most `limit` bytes; null when the output would be larger. Throws on damaged data. */
async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---- encode ----

/** The link's fragment ("#lab=1.…") for a setup. */
export async function encodeShare(setup: SharedSetup): Promise<string> {
  const s: Record<string, unknown> = {};
  for (const [key, short] of Object.entries(SETTING_KEYS)) {
    const v = setup.settings[key as keyof SharedSettings];
    if (v !== undefined) s[short] = v;
  }
  const payload: Record<string, unknown> = {
    v: SHARE_VERSION,
    i: [setup.arch.input.height, setup.arch.input.width, setup.arch.input.channels],
    n: setup.arch.numClasses,
    // Every field of every layer (not only the non-default ones), so a later change of defaults never changes an old link.
    // A TF.js base by its kept file's name only: the lab that opens the link finds it there, or says it is missing.
    l: setup.arch.layers.map(({ id: _id, ...config }) => shareableLayer(config)),
    s,
  };
  if (setup.dataset) payload.d = setup.dataset;
  else if (setup.folder) payload.f = encodeFolder(setup.folder);
  if (setup.text) payload.t = setup.text.slice(0, MAX_TEXT_CHARS);
  if (setup.ab) payload.ab = setup.ab;
  const bytes = await deflate(new TextEncoder().encode(JSON.stringify(payload)));
  return `#${SHARE_KEY}${SHARE_VERSION}.${toBase64Url(bytes)}`;
}

// ---- decode ----

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The share part of a URL or fragment ("…#lab=1.xyz"), or null when there is none. */
export function shareFragment(urlOrHash: string): string | null {
  const at = urlOrHash.indexOf(`#${SHARE_KEY}`);
  if (at >= 0) return urlOrHash.slice(at + 1 + SHARE_KEY.length);
  return urlOrHash.startsWith(SHARE_KEY) ? urlOrHash.slice(SHARE_KEY.length) : null;
}

function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d);
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Drops control characters other than the line break. */
const stripControls = (text: string): string =>
  [...text]
    .filter((ch) => {
      const c = ch.charCodeAt(0);
      return c === 10 || (c >= 32 && c !== 127);
    })
    .join('');

const fail = (message: string): DecodeResult => ({ ok: false, message });
const BROKEN =
  'This share link is damaged (perhaps cut off when it was copied). Ask for the link again; your own model and settings are unchanged.';

function readSettings(raw: unknown): Partial<SharedSettings> | string {
  if (raw === undefined) return {};
  if (!isObject(raw)) return 'its training settings are not readable';
  const out: Partial<SharedSettings> = {};
  for (const [key, short] of Object.entries(SETTING_KEYS) as [keyof SharedSettings, string][]) {
    const v = raw[short];
    if (v === undefined) continue;
    if (key === 'optimizer') {
      if (!OPTIMIZERS.includes(v as OptimizerName))
        return `its optimizer "${String(v).slice(0, 20)}" is not one of ${OPTIMIZERS.join(', ')}`;
      out.optimizer = v as OptimizerName;
    } else if (key === 'learningRate') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 10)
        return 'its learning rate must be a number above 0 and at most 10';
      out.learningRate = v;
    } else {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 31)
        return `its ${key} must be a whole number`;
      if ((key === 'epochs' || key === 'batchSize') && v < 1) return `its ${key} must be at least 1`;
      out[key] = v;
    }
  }
  return out;
}

function readAb(raw: unknown): SharedAb | null | string {
  if (raw === undefined) return null;
  if (!isObject(raw) || Object.keys(raw).length > 32) return 'its A/B settings are not readable';
  for (const v of Object.values(raw))
    if (!['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'string' && v.length > 100))
      return 'its A/B settings are not readable';
  return raw as SharedAb;
}

/** Reads a share link (URL or fragment). Never throws: a bad link gives a message saying what is wrong. */
export async function decodeShare(urlOrHash: string): Promise<DecodeResult> {
  const body = shareFragment(urlOrHash);
  if (body === null) return fail('This is not a Convnet Lab share link (it has no "#lab=" part).');
  if (body.length > MAX_LINK_CHARS)
    return fail(
      `This share link is too long (${body.length} characters; a lab link has at most ${MAX_LINK_CHARS}). Your own model and settings are unchanged.`,
    );
  const m = /^(\d{1,6})\.([A-Za-z0-9_-]+)$/.exec(body);
  if (!m) return fail(BROKEN);
  const version = Number(m[1]);
  if (version > SHARE_VERSION)
    return fail(
      `This share link was made by a newer version of Convnet Lab (link format ${version}; this page reads format ${SHARE_VERSION}). Reload the page to get the new version; your own model and settings are unchanged.`,
    );
  if (version < 1) return fail(BROKEN);

  let raw: unknown;
  try {
    const json = await inflate(fromBase64Url(m[2]!), MAX_JSON_BYTES);
    if (!json)
      return fail(
        `This share link unpacks to more than ${MAX_JSON_BYTES / 1024} KiB, far more than a lab setup; it was not opened. Your own model and settings are unchanged.`,
      );
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json), (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new SyntaxError('forbidden key');
      return value;
    });
  } catch {
    return fail(BROKEN);
  }

  const problem = (what: string) =>
    fail(`This share link cannot be opened: ${what}. Your own model and settings are unchanged.`);
  if (!isObject(raw)) return problem('it holds no lab setup');
  if (depthOf(raw) > MAX_DEPTH) return problem('it is nested far deeper than a lab setup');
  if (raw.v !== version) return problem('its version does not match');
  if (!Array.isArray(raw.l)) return problem('it has no layer list');
  if (raw.l.length > MAX_LAYERS) return problem(`it has ${raw.l.length} layers (at most ${MAX_LAYERS})`);
  const dims = raw.i;
  if (!Array.isArray(dims) || dims.length !== 3) return problem('its input shape is missing');
  const [height, width, channels] = dims as unknown[];
  const requested = { height, width, channels };
  for (const [index, layer] of raw.l.entries()) {
    if (!isObject(layer) || typeof layer.type !== 'string') return problem(`layer ${index + 1} is not a layer`);
    if (!LAYER_TYPES.includes(layer.type as LayerType))
      return problem(`layer ${index + 1} has the unknown type "${layer.type.slice(0, 40)}"`);
  }
  const sentinel: Architecture = { input: { height: 0, width: 0, channels: 1 }, layers: [], numClasses: 0 };
  const arch = sanitizeArchitecture({ input: requested, layers: raw.l, numClasses: raw.n }, sentinel);
  if (arch.input.height !== height || arch.input.width !== width || arch.input.channels !== channels)
    return problem('its input shape must be whole numbers from 1 to 1024, with 1 or 3 channels');
  if (arch.numClasses !== raw.n) return problem('its number of classes must be a whole number from 2 to 1000');
  for (const [index, layer] of arch.layers.entries()) {
    const bad = layerParamProblem(layer);
    if (bad) return problem(`layer ${index + 1} (${layer.type}): ${bad}`);
  }
  const settings = readSettings(raw.s);
  if (typeof settings === 'string') return problem(settings);
  if (raw.d !== undefined && !BUILTIN_NAMES.includes(raw.d as BuiltinName))
    return problem(`its dataset "${String(raw.d).slice(0, 20)}" is not a built-in one (mnist, shapes)`);
  if (raw.t !== undefined && typeof raw.t !== 'string') return problem('its instruction text is not text');
  const ab = readAb(raw.ab);
  if (typeof ab === 'string') return problem(ab);
  const folder = readFolder(raw.f);
  if (typeof folder === 'string') return problem(folder);
  // Control characters (other than line breaks) never reach the page.
  const text = typeof raw.t === 'string' ? stripControls(raw.t).slice(0, MAX_TEXT_CHARS).trim() : '';
  return {
    ok: true,
    setup: { arch, settings, dataset: (raw.d as BuiltinName | undefined) ?? null, folder, text: text || null, ab },
  };
}
