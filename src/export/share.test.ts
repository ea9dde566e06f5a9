import { describe, expect, it } from 'vitest';
import { configOf } from '../model/layers';
import { PRESETS } from '../model/presets';
import { decodeShare, encodeShare, MAX_LINK_CHARS, type SharedSetup } from './share';

const settings = { epochs: 12, batchSize: 64, learningRate: 0.0003, optimizer: 'adam' as const, seed: 7, patience: 2 };

/** A link whose JSON is exactly `payload` (what a hand-edited or hostile link holds). */
async function rawLink(payload: string, version = 1): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(payload)])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return `https://lab.example/#lab=${version}.${btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const good = async () => {
  const arch = PRESETS[0]!.build();
  return JSON.parse(
    JSON.stringify({ v: 1, i: [28, 28, 1], n: 10, l: arch.layers.map((l) => configOf(l)), s: { e: 5 } }),
  ) as Record<string, unknown>;
};

async function expectRefused(link: string, pattern: RegExp) {
  const result = await decodeShare(link);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.message).toMatch(pattern);
    expect(result.message.length).toBeLessThan(300);
  }
}

describe('share links', () => {
  for (const preset of PRESETS) {
    it(`round-trips ${preset.id} with its settings, and stays short`, async () => {
      const arch = preset.build();
      const setup: SharedSetup = { arch, settings, dataset: null, text: null, ab: null };
      const hash = await encodeShare(setup);
      expect(hash).toMatch(/^#lab=1\.[A-Za-z0-9_-]+$/);
      expect(hash.length).toBeLessThan(500);
      const back = await decodeShare(`https://lab.example/some/path/${hash}`);
      if (!back.ok) throw new Error(back.message);
      expect(back.setup.arch.input).toEqual(arch.input);
      expect(back.setup.arch.numClasses).toBe(arch.numClasses);
      expect(back.setup.arch.layers.map((l) => configOf(l))).toEqual(arch.layers.map((l) => configOf(l)));
      expect(back.setup.settings).toEqual(settings);
      expect(back.setup.dataset).toBeNull();
    });
  }

  it('carries a lesson: built-in dataset, instruction text (control characters removed) and A/B settings', async () => {
    const arch = PRESETS[0]!.build();
    const hash = await encodeShare({
      arch,
      settings: {},
      dataset: 'shapes',
      text: 'Train 5 epochs,\nthen add Dropout.\u0007',
      ab: { dropout: 0.5, augment: true },
    });
    const back = await decodeShare(hash);
    if (!back.ok) throw new Error(back.message);
    expect(back.setup.dataset).toBe('shapes');
    expect(back.setup.text).toBe('Train 5 epochs,\nthen add Dropout.');
    expect(back.setup.ab).toEqual({ dropout: 0.5, augment: true });
    expect(back.setup.settings).toEqual({});
  });

  it('refuses what is not a lab link, a damaged or truncated one, and one from a newer version', async () => {
    const hash = await encodeShare({ arch: PRESETS[3]!.build(), settings, dataset: null, text: null, ab: null });
    await expectRefused('https://lab.example/', /not a Convnet Lab share link/);
    await expectRefused('#lab=1.', /damaged/);
    await expectRefused('#lab=1.!!!notbase64', /damaged/);
    await expectRefused(hash.slice(0, Math.floor(hash.length / 2)), /damaged/);
    await expectRefused(`${hash.slice(0, -3)}AAA`, /damaged|cannot be opened/);
    await expectRefused(hash.replace('#lab=1.', '#lab=2.'), /newer version/);
    await expectRefused('#lab=x.abc', /damaged/);
    await expectRefused(`#lab=1.${'A'.repeat(MAX_LINK_CHARS + 1)}`, /too long/);
    await expectRefused(await rawLink('not json'), /damaged/);
    await expectRefused(await rawLink(JSON.stringify({ ...(await good()), v: 2 })), /version does not match/);
  });

  it('refuses hostile content: a deflate bomb, deep nesting, prototype keys, wrong types, unknown layers', async () => {
    await expectRefused(await rawLink(`{"v":1,"pad":"${' '.repeat(200_000)}"}`), /unpacks to more than/);
    await expectRefused(await rawLink(`${'['.repeat(5000)}${']'.repeat(5000)}`), /cannot be opened|damaged/);
    const deep = await good();
    deep.s = { e: { a: { b: { c: { d: { e: 1 } } } } } };
    await expectRefused(await rawLink(JSON.stringify(deep)), /nested/);
    await expectRefused(await rawLink('{"v":1,"__proto__":{"polluted":true},"i":[28,28,1],"n":10,"l":[]}'), /damaged/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bad = async (patch: (p: Record<string, unknown>) => void, pattern: RegExp) => {
      const p = await good();
      patch(p);
      await expectRefused(await rawLink(JSON.stringify(p)), pattern);
    };
    await bad(
      (p) => ((p.l as Record<string, unknown>[])[0]!.filters = '32'),
      /layer 1 \(Conv2D\): filters must be a whole number/,
    );
    await bad(
      (p) => ((p.l as Record<string, unknown>[])[0]!.filters = -3),
      /layer 1 \(Conv2D\): filters must be between/,
    );
    await bad(
      (p) => ((p.l as Record<string, unknown>[])[2]!.type = 'EvilLayer'),
      /layer 3 has the unknown type "EvilLayer"/,
    );
    await bad((p) => ((p.l as unknown[])[1] = 42), /layer 2 is not a layer/);
    await bad((p) => (p.l = 'layers'), /no layer list/);
    await bad((p) => (p.l = Array.from({ length: 500 }, () => ({ type: 'Dropout', rate: 0.1 }))), /500 layers/);
    await bad((p) => (p.i = [28, 28, 2]), /input shape/);
    await bad((p) => (p.i = [1e9, 28, 1]), /input shape/);
    await bad((p) => delete p.i, /input shape is missing/);
    await bad((p) => (p.n = 'ten'), /number of classes/);
    await bad((p) => (p.s = { o: 'evil' }), /optimizer "evil"/);
    await bad((p) => (p.s = { r: -1 }), /learning rate/);
    await bad((p) => (p.s = { e: 2.5 }), /epochs must be a whole number/);
    await bad((p) => (p.s = { b: 0 }), /batchSize must be at least 1/);
    await bad((p) => (p.s = 'fast'), /training settings/);
    await bad((p) => (p.d = 'imagenet'), /not a built-in/);
    await bad((p) => (p.t = { html: '<script>' }), /instruction text/);
    await bad((p) => (p.ab = { x: { y: 1 } }), /A\/B settings/);
    const ok = await decodeShare(await rawLink(JSON.stringify(await good())));
    expect(ok.ok).toBe(true);
  });
});
