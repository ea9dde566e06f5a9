import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFiles } from './decoder';

/** A worker that is never asked anything (no files to decode): only made and terminated. */
class IdleWorker {
  static made = 0;
  static ended = 0;
  constructor() {
    IdleWorker.made++;
  }
  addEventListener(..._args: unknown[]) {}
  removeEventListener() {}
  postMessage() {}
  terminate() {
    IdleWorker.ended++;
  }
}

/** A signal whose live 'abort' listeners are counted. */
function countedSignal(controller: AbortController) {
  const live = new Set<unknown>();
  const signal = controller.signal;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, fn: EventListener, options?: AddEventListenerOptions) => {
    live.add(fn);
    add(type, fn, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, fn: EventListener) => {
    live.delete(fn);
    remove(type, fn);
  }) as typeof signal.removeEventListener;
  return { signal, live };
}

describe('decodeFiles', () => {
  afterEach(() => vi.unstubAllGlobals());

  // The load's signal outlives the load; a listener left on it kept the decoded pixels alive after the
  // dataset let go of them (a run that keeps its pixels on disk then still held them on the page).
  it('leaves no listener on the signal once it is done, and ends its workers', async () => {
    vi.stubGlobal('Worker', IdleWorker);
    const { signal, live } = countedSignal(new AbortController());
    const out = await decodeFiles([], { height: 2, width: 2, channels: 1 }, () => undefined, signal);
    expect(out.pixels.length).toBe(0);
    expect(live.size).toBe(0);
    expect(IdleWorker.ended).toBe(IdleWorker.made);
  });

  it('a cancelled load says so and leaves no listener either', async () => {
    vi.stubGlobal('Worker', IdleWorker);
    const controller = new AbortController();
    const { signal, live } = countedSignal(controller);
    controller.abort();
    await expect(
      decodeFiles([new Blob([])], { height: 2, width: 2, channels: 1 }, () => undefined, signal),
    ).rejects.toThrow('cancelled');
    expect(live.size).toBe(0);
  });

  it('a decoder that dies fails the load, saying so, instead of waiting for it for ever', async () => {
    /** A worker that never answers, then reports an error (as one whose script did not load, or out of memory). */
    class DyingWorker extends IdleWorker {
      addEventListener(type: string, fn: (e: unknown) => void) {
        if (type === 'error') setTimeout(() => fn({ message: 'out of memory', preventDefault: () => undefined }), 0);
      }
    }
    vi.stubGlobal('Worker', DyingWorker);
    const { signal, live } = countedSignal(new AbortController());
    const ended = IdleWorker.ended;
    await expect(
      decodeFiles([new Blob([])], { height: 2, width: 2, channels: 1 }, () => undefined, signal),
    ).rejects.toThrow('An image decoder stopped (out of memory): try again.');
    expect(IdleWorker.ended).toBe(ended + 1);
    expect(live.size).toBe(0);
  });
});
