// The backend the session trains and answers on, and the one way to make one ready: for a run through
// activateBackend (forced, remembered or measured), for anything else through startUntimed; both kept here
// with WebGPU's device watched for loss, so every later call knows whether the active backend still works.
import * as tf from '@tensorflow/tfjs';
import { activateBackend, startUntimed, type Activation, type AutoContext } from './backends';
import type { BackendChoice, BackendInfo, BackendName } from './protocol';

export class ActiveBackend {
  private active: { key: string; info: BackendInfo } | null = null;
  private lost: string | null = null;

  /** The active backend's name, or null before any started. */
  get name(): BackendName | null {
    return this.active?.info.name ?? null;
  }

  /** Set once WebGPU's device is lost: the active backend no longer works. */
  get deviceLost(): string | null {
    return this.lost;
  }

  /**
   * The backend for a run: started once per choice (and, for `auto`, per model and batch size, the trial's
   * key); a later run with the same key reuses it while it still works.
   */
  async forRun(choice: BackendChoice, auto: AutoContext, onStatus: (message: string) => void): Promise<BackendInfo> {
    const key = choice === 'auto' ? `auto|${auto.batchSize}|${JSON.stringify(auto.arch)}` : choice;
    const a = this.active;
    if (!auto.fresh && a && a.key === key && !this.lost && tf.getBackend() === a.info.name)
      return a.info.source === 'trial' ? { ...a.info, source: 'remembered' } : a.info;
    return this.keep(key, await activateBackend(choice, auto, onStatus)).info;
  }

  /**
   * A backend for work that needs one but no trial (a question, an evaluation): the active one while it
   * works, else `choice` (for `auto` the first of the preference order that passes its self-test).
   */
  async untimed(choice: BackendChoice, reason: string): Promise<BackendName> {
    if (!this.active || this.lost) this.keep(choice, await startUntimed(choice, reason));
    return this.active!.info.name;
  }

  private keep(key: string, activation: Activation): Activation {
    this.lost = null;
    this.active = { key, info: activation.info };
    const kept = this.active;
    void activation.device?.lost.then((info) => {
      if (this.active === kept) this.lost = info.message || 'the GPU device was lost';
    });
    return activation;
  }
}
