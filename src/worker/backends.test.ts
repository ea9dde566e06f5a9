// The `auto` activation with a fake device: which backends get started and
// timed, the cap, the remembered choice and "start on WASM now".
import { describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { activateBackend, deviceKey, startUntimed, type AutoContext, type BackendEnv } from './backends';
import { BACKEND_PREFERENCE } from '../model/training';
import { inMemoryBackendMemory, memoryKey } from './backend-memory';
import type { GpuProbe } from './choose-backend';
import type { Trial } from './backend-trial';
import type { BackendName } from './protocol';

const arch: Architecture = {
  input: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
  layers: ([{ type: 'Flatten' }, { type: 'Dense', units: 3, activation: 'softmax' }] as LayerConfig[]).map((l) =>
    withId(l),
  ),
};
const software: GpuProbe[] = [
  { backend: 'webgpu', name: 'google swiftshader', software: true },
  { backend: 'webgl', name: 'ANGLE (SwiftShader Device)', software: true },
];
const realGl: GpuProbe[] = [
  { backend: 'webgpu', unavailable: 'this browser has no WebGPU', name: null, software: false },
  { backend: 'webgl', name: 'ANGLE (NVIDIA)', software: false },
];

/** A device whose backends start (or fail) as told; `msPerStep` per backend, Infinity = a step that never ends. */
function fakeDevice(
  probes: GpuProbe[],
  opts: { failing?: BackendName[]; msPerStep?: Partial<Record<BackendName, number>> } = {},
) {
  const started: BackendName[] = [];
  let active: BackendName = 'cpu';
  let clock = 0;
  let trialsMade = 0;
  let disposed = 0;
  const env: BackendEnv = {
    probe: async () => probes,
    start: async (name) => {
      started.push(name);
      if (opts.failing?.includes(name)) throw new Error(`${name} failed its self-test`);
      active = name;
      return { adapter: `${name} adapter` };
    },
    now: () => clock,
    capMs: 40,
    steps: 3,
  };
  const makeTrial = (): Trial => {
    trialsMade++;
    const backend = active;
    return {
      step: () => {
        const ms = opts.msPerStep?.[backend] ?? 10;
        if (ms === Infinity) return new Promise<void>(() => {});
        clock += ms;
        return Promise.resolve();
      },
      dispose: () => void disposed++,
    };
  };
  return {
    env,
    started,
    makeTrial,
    get trialsMade() {
      return trialsMade;
    },
    get disposed() {
      return disposed;
    },
  };
}

const context = (d: ReturnType<typeof fakeDevice>, extra: Partial<AutoContext> = {}): AutoContext => ({
  arch,
  batchSize: 32,
  makeTrial: d.makeTrial,
  memory: inMemoryBackendMemory(),
  ...extra,
});

describe('activateBackend (auto)', () => {
  it('never starts software GPU backends when WASM passes its self-test, and builds no model to decide', async () => {
    const d = fakeDevice(software);
    const a = await activateBackend('auto', context(d), () => {}, d.env);
    expect(a.info.name).toBe('wasm');
    expect(d.started).toEqual(['wasm']); // started and self-tested once, no GPU backend touched
    expect(d.trialsMade).toBe(0);
    expect(a.info.source).toBe('trial');
    expect(a.info.trials.filter((t) => t.skipped?.startsWith('software')).map((t) => t.backend)).toEqual([
      'webgpu',
      'webgl',
    ]);
    expect(a.info.reason).toContain('WebGL skipped: software renderer ANGLE (SwiftShader Device)');
  });

  it('tries the software GPUs when WASM does not work', async () => {
    const d = fakeDevice(software, { failing: ['wasm'], msPerStep: { webgpu: 5, webgl: 8 } });
    const a = await activateBackend('auto', context(d), () => {}, d.env);
    expect(d.started).toEqual(expect.arrayContaining(['wasm', 'webgpu', 'webgl']));
    expect(d.trialsMade).toBe(2);
    expect(a.info.name).toBe('webgpu');
    expect(a.info.reason).toContain('WASM lost: wasm failed its self-test');
  });

  it('a trial that never finishes a step loses at the cap, and the next backend still runs', async () => {
    const d = fakeDevice(realGl, { msPerStep: { webgl: Infinity, wasm: 12 } });
    const statuses: string[] = [];
    const a = await activateBackend('auto', context(d), (m) => statuses.push(m), d.env);
    expect(a.info.name).toBe('wasm');
    const webgl = a.info.trials.find((t) => t.backend === 'webgl')!;
    expect(webgl).toMatchObject({ ok: false, error: 'did not finish 3 steps in 3 s' });
    expect(a.info.trials.find((t) => t.backend === 'wasm')).toMatchObject({ ok: true, msPerStep: 12 });
    expect(statuses.some((m) => /Trying WebGL on your model \(1 of 2/.test(m))).toBe(true);
  });

  it('remembers the choice for this device and model, uses it without a trial, and forgets it on a fresh trial', async () => {
    const d = fakeDevice(realGl, { msPerStep: { webgl: 5, wasm: 50 } });
    const memory = inMemoryBackendMemory();
    const first = await activateBackend('auto', context(d, { memory }), () => {}, d.env);
    expect(first.info.name).toBe('webgl');
    expect(d.trialsMade).toBe(2);
    expect(await memory.get(memoryKey(deviceKey(realGl), arch, 32))).toMatchObject({ backend: 'webgl' });

    const again = await activateBackend('auto', context(d, { memory }), () => {}, d.env);
    expect(again.info).toMatchObject({ name: 'webgl', source: 'remembered', reason: first.info.reason });
    expect(d.trialsMade).toBe(2);

    // Another batch size is another model shape: measured again.
    await activateBackend('auto', context(d, { memory, batchSize: 64 }), () => {}, d.env);
    expect(d.trialsMade).toBe(4);

    const fresh = await activateBackend('auto', context(d, { memory, fresh: true }), () => {}, d.env);
    expect(fresh.info.source).toBe('trial');
    expect(d.trialsMade).toBe(6);
  });

  it('a remembered backend that no longer starts is forgotten and measured again', async () => {
    const memory = inMemoryBackendMemory();
    await memory.put(memoryKey(deviceKey(realGl), arch, 32), {
      backend: 'webgl',
      reason: 'old',
      trials: [],
      decidedAt: 1,
    });
    const d = fakeDevice(realGl, { failing: ['webgl'] });
    const a = await activateBackend('auto', context(d, { memory }), () => {}, d.env);
    expect(a.info).toMatchObject({ name: 'wasm', source: 'trial' });
  });

  it('"start on WASM now" ends a running trial at once and picks WASM', async () => {
    const d = fakeDevice(realGl, { msPerStep: { webgl: Infinity } });
    const cut = new AbortController();
    d.env.capMs = 60_000; // only the student's press can end this trial
    const pending = activateBackend(
      'auto',
      context(d, { wasmNow: cut.signal }),
      (m) => m.startsWith('Trying WebGL') && setTimeout(() => cut.abort(), 0),
      d.env,
    );
    const a = await pending;
    expect(a.info.name).toBe('wasm');
    expect(a.info.reason).toContain('Chosen by you');
    expect(a.info.trials.find((t) => t.backend === 'webgl')?.skipped).toMatch(
      /trial ended: you chose to start on WASM now/,
    );
    expect(d.trialsMade).toBe(1); // WASM was not timed after the press
  });

  it('a forced backend starts without probes or trials', async () => {
    const d = fakeDevice(software);
    const a = await activateBackend('webgl', context(d), () => {}, d.env);
    expect(a.info).toMatchObject({ name: 'webgl', source: 'settings' });
    expect(d.started).toEqual(['webgl']);
  });
});

// `auto` and the untimed start after a reload walk the same order (BACKEND_PREFERENCE); they used to differ.
describe('one backend preference order', () => {
  const realGpus: GpuProbe[] = [
    { backend: 'webgl', name: 'ANGLE (NVIDIA)', software: false },
    { backend: 'webgpu', name: 'NVIDIA', software: false },
  ];

  it('auto times its candidates in BACKEND_PREFERENCE order', async () => {
    const d = fakeDevice(realGpus);
    await activateBackend('auto', context(d), () => {}, d.env);
    // WASM starts first (it self-tests while the GPUs are probed); the timed trials follow the order.
    expect(d.started.slice(1, 4)).toEqual(BACKEND_PREFERENCE.slice(0, 3));
  });

  it('the untimed start takes the first of BACKEND_PREFERENCE that starts, and says why it runs', async () => {
    const d = fakeDevice(realGpus, { failing: ['webgpu', 'webgl', 'wasm'] });
    const a = await startUntimed('auto', 'Used to predict.', d.env);
    expect(d.started).toEqual(BACKEND_PREFERENCE);
    expect(a.info).toEqual({ name: 'cpu', adapter: 'cpu adapter', reason: 'Used to predict.', trials: [] });

    const first = fakeDevice(realGpus);
    expect((await startUntimed('auto', 'Used to predict.', first.env)).info.name).toBe(BACKEND_PREFERENCE[0]);
  });

  it('the untimed start skips software GPUs as auto does, and starts only a forced choice', async () => {
    const d = fakeDevice(software);
    expect((await startUntimed('auto', 'Used to inspect.', d.env)).info.name).toBe('wasm');
    expect(d.started).toEqual(['wasm']);

    const forced = fakeDevice(software, { failing: ['webgl'] });
    await expect(startUntimed('webgl', 'Used to evaluate.', forced.env)).rejects.toThrow('webgl failed');
    expect(forced.started).toEqual(['webgl']);
  });
});
