// The import boundaries of eslint.config.js, proved on small snippets linted
// as if they sat in each folder: every row must still refuse what it does not
// list, and still accept what it does. Deleting or loosening a row fails here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

/** Messages of the boundary rule for `code` linted as the file `file` (repo-relative; it need not exist). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'lab/imports').map((m) => m.message);
}

/** [file, import statement]: each must be refused. */
const forbidden: [string, string][] = [
  // src/model: pure, imports only itself.
  ['src/model/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/model/x.ts', "import { useLab } from '../store';"],
  ['src/model/x.ts', "import { LayerCard } from '../ui/model/LayerCard';"],
  ['src/model/x.ts', "import type { TrainSettings } from '../worker/protocol';"],
  ['src/model/x.ts', "import { setupWasmBackend } from '../kernels/wasm';"],
  ['src/model/x.ts', "import type { ImageDataset } from '../data/types';"],
  ['src/model/x.ts', "import { useState } from 'react';"],
  ['src/model/x.ts', "export { useLab } from '../store';"],
  ['src/model/x.ts', "export * from '../worker/protocol';"],
  ['src/model/x.ts', "void import('@tensorflow/tfjs');"],
  // src/data: itself and src/model; comlink and idb.
  ['src/data/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/data/x.ts', "import { useLab } from '../store';"],
  ['src/data/x.ts', "import { DataSection } from '../ui/data/DataSection';"],
  ['src/data/x.ts', "import type { TrainSettings } from '../worker/protocol';"],
  ['src/data/x.ts', "import { setupWasmBackend } from '../kernels/wasm';"],
  ['src/data/x.ts', "import { create } from 'zustand';"],
  // src/export: pure, reads src/model and src/data only.
  ['src/export/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/export/x.ts', "import { useLab } from '../store';"],
  ['src/export/x.ts', "import { BACKEND_CHOICES } from '../worker/protocol';"],
  ['src/export/x.ts', "import type { TrainSettings } from '../worker/protocol';"],
  ['src/export/x.ts', "import type { TrainClient } from '../client/client';"],
  ['src/export/x.ts', "import type { WeightTensor } from '../worker/trainer';"],
  ['src/export/x.ts', "import { useState } from 'react';"],
  ['src/export/x.ts', "import * as Comlink from 'comlink';"],
  // src/kernels: tfjs and itself.
  ['src/kernels/wasm/x.ts', "import { withId } from '../../model/layers';"],
  ['src/kernels/wasm/x.ts', "import { trainModel } from '../../worker/trainer';"],
  ['src/kernels/wasm/x.ts', "import type { SplitData } from '../../data/types';"],
  ['src/kernels/wasm/x.ts', "import { useLab } from '../../store';"],
  ['src/kernels/wasm/x.ts', "import * as Comlink from 'comlink';"],
  ['src/kernels/wasm/vite-plugin.ts', "import { build } from 'vite';"],
  // src/worker: no store, no UI.
  ['src/worker/x.ts', "import { useLab } from '../store';"],
  ['src/worker/x.ts', "import { TrainSection } from '../ui/train/TrainSection';"],
  ['src/worker/model/x.ts', "import { useLab } from '../../store';"],
  ['src/worker/x.ts', "import { useState } from 'react';"],
  ['src/worker/x.ts', "import { create } from 'zustand';"],
  // The worker never imports the page's client.
  ['src/worker/x.ts', "import { trainClient } from '../client/client';"],
  ['src/worker/x.ts', "import type { Bridge } from '../client/bridge';"],
  ['src/worker/protocol.ts', "import type { Bridge } from '../client/bridge';"],
  // The worker API, which the main thread imports: no tfjs, directly or through a worker module.
  ['src/worker/protocol.ts', "import type { Tensor } from '@tensorflow/tfjs';"],
  ['src/worker/protocol.ts', "import { trainModel } from './trainer';"],
  ['src/worker/protocol.ts', "import { buildModel } from './model/build';"],
  ['src/worker/protocol.ts', "import { setupWasmBackend } from '../kernels/wasm';"],
  ['src/worker/protocol.ts', "import * as Comlink from 'comlink';"],
  ['src/worker/job-ticket.ts', "import { trainModel } from './trainer';"],
  ['src/worker/protocol-train.ts', "import { trainModel } from './trainer';"],
  ['src/worker/protocol-inspect.ts', "import * as tf from '@tensorflow/tfjs';"],
  // src/client: the worker's contract only; no tfjs, no worker code, no store.
  ['src/client/client.ts', "import { createTrainService } from '../worker/service';"],
  ['src/client/client.ts', "import type { TrainerData } from '../worker/trainer';"],
  ['src/client/client.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/client/bridge.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/client/bridge.ts', "import { BACKEND_LABEL } from '../worker/backends';"],
  ['src/client/x.ts', "import { useLab } from '../store';"],
  // src/store: the worker only through src/client; no tfjs, no UI.
  ['src/store/x.ts', "import type { TrainSettings } from '../worker/protocol';"],
  ['src/store/x.ts', "import { createTrainClient } from '../worker/client';"],
  ['src/store/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/store/x.ts', "import { trainModel } from './../worker/trainer';"],
  ['src/store/x.ts', "import type { TrainerData } from '../worker/trainer';"],
  ['src/store/x.ts', "import { buildModel } from '../worker/model/build';"],
  ['src/store/x.ts', "import { createTrainService } from '../worker/service';"],
  ['src/store/x.ts', "import { setupWasmBackend } from '../kernels/wasm';"],
  ['src/store/x.ts', "import { TrainSection } from '../ui/train/TrainSection';"],
  ['src/store/x.ts', "import { useState } from 'react';"],
  ['src/store/x.ts', "import { openDB } from 'idb';"],
  // src/ui: the worker only through its API; no tfjs.
  ['src/ui/train/X.tsx', "import * as tf from '@tensorflow/tfjs';"],
  ['src/ui/train/X.tsx', "import '@tensorflow/tfjs-backend-webgpu';"],
  ['src/ui/train/X.tsx', "void import('@tensorflow/tfjs');"],
  ['src/ui/train/X.tsx', "import { buildModel } from '../../worker/model/build';"],
  ['src/ui/train/X.tsx', "import { trainModel } from '../../worker/trainer';"],
  ['src/ui/train/X.tsx', "import { BACKEND_LABEL } from '../../worker/backends';"],
  ['src/ui/train/X.tsx', "import type { EpochMetrics } from '../../worker/protocol';"],
  ['src/ui/train/X.tsx', "import { setupWasmBackend } from '../../kernels/wasm';"],
  ['src/ui/train/X.tsx', "import { buildBenchModel } from '../../bench-page/models';"],
  // The main-thread entry.
  ['src/main.tsx', "import * as tf from '@tensorflow/tfjs';"],
  ['src/App.tsx', "import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';"],
  ['src/App.tsx', "import { createTrainClient } from './client/client';"],
  // The bench page: tfjs, kernels, the worker's model builder, model, data; no store or UI.
  ['src/bench-page/x.ts', "import { useLab } from '../store';"],
  ['src/bench-page/x.ts', "import { TrainSection } from '../ui/train/TrainSection';"],
  ['src/bench-page/x.ts', "import { createTrainService } from '../worker/service';"],
  ['src/bench-page/x.ts', "import { useState } from 'react';"],
  ['src/bench-page/main.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/bench-page/main.ts', "import { buildBenchModel } from './models';"],
  // A folder nobody gave a row.
  ['src/newfolder/x.ts', "import { y } from './y';"],
  ['src/newfolder/x.ts', "import { useState } from 'react';"],
  // Tests are looser (vitest, node:*), but not about tfjs in a pure layer.
  ['src/model/x.test.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/store/x.test.ts', "import { trainModel } from '../worker/trainer';"],
];

/** [file, import statement]: each must pass. */
const allowed: [string, string][] = [
  ['src/model/x.ts', "import { withId } from './layers';"],
  ['src/model/x.ts', "export { inferSummary } from './infer';"],
  ['src/data/x.ts', "import type { Architecture } from '../model/layers';"],
  ['src/data/x.ts', "import { SPLITS } from './types';"],
  ['src/data/x.ts', "import * as Comlink from 'comlink';"],
  ['src/data/x.ts', "import { openDB } from 'idb';"],
  ['src/export/x.ts', "import { inferSummary } from '../model/infer';"],
  ['src/export/x.ts', "import type { TrainSettings } from '../model/run-types';"],
  ['src/export/x.ts', "import type { ImageDataset } from '../data/types';"],
  ['src/export/x.ts', "import { y } from './y';"],
  ['src/kernels/wasm/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/kernels/wasm/x.ts', "import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';"],
  ['src/kernels/wasm/x.ts', "import { routes } from './routes';"],
  ['src/kernels/wasm/vite-plugin.ts', "import type { Plugin } from 'vite';"],
  ['src/kernels/wasm/x.test.ts', "import { trainModel } from '../../worker/trainer';"],
  ['src/kernels/wasm/x.test.ts', "import { readFileSync } from 'node:fs';"],
  ['src/kernels/wasm/test-helpers.ts', "import { readFileSync } from 'node:fs';"],
  ['src/worker/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/worker/x.ts', "void import('../kernels/wasm/index');"],
  ['src/worker/x.ts', "import { buildModel } from './model/build';"],
  ['src/worker/x.ts', "import type { ImageDataset } from '../data/types';"],
  ['src/worker/x.ts', "import { pixelScale } from '../model/training';"],
  ['src/worker/x.ts', "import * as Comlink from 'comlink';"],
  ['src/worker/x.ts', "import { openDB } from 'idb';"],
  ['src/worker/model/x.ts', "import type { FlipMode } from '../../model/layers';"],
  ['src/worker/protocol.ts', "import type { TrainerData } from './trainer';"],
  ['src/worker/protocol.ts', "export type { TrainerData } from './trainer';"],
  ['src/worker/protocol.ts', "export { OPTIMIZERS } from '../model/training';"],
  ['src/worker/protocol.ts', "import type { ImageDataset } from '../data/types';"],
  ['src/worker/protocol.ts', "import type { JobTicket } from './job-ticket';"],
  ['src/worker/protocol.ts', "import type { TrainRequest } from './protocol-train';"],
  ['src/worker/protocol-inspect.ts', "import type { ModelSource } from './protocol';"],
  ['src/client/client.ts', "import type { TrainRequest } from '../worker/protocol-train';"],
  ['src/worker/protocol.ts', "import type { TrainSettings } from '../model/run-types';"],
  ['src/worker/x.ts', "import type { JobTicket } from './job-ticket';"],
  ['src/client/client.ts', "import * as Comlink from 'comlink';"],
  ['src/client/client.ts', "import { LONG_CALLS, type TrainWorkerApi } from '../worker/protocol';"],
  ['src/client/bridge.ts', "import type { JobTicket } from '../worker/job-ticket';"],
  ['src/client/types.ts', "export type * from '../worker/protocol';"],
  ['src/client/x.test.ts', "import type { ImageDataset } from '../data/types';"],
  ['src/store/x.ts', "import { createTrainClient } from '../client/client';"],
  ['src/store/x.ts', "import type { TrainRequest } from '../client/types';"],
  ['src/store/x.ts', "import type { TrainSettings } from '../model/run-types';"],
  ['src/store/x.ts', "import { persist } from 'zustand/middleware';"],
  ['src/store/x.ts', "import { inferSummary } from '../model/infer';"],
  ['src/store/x.ts', "import { splitItems } from '../data/split';"],
  ['src/store/x.ts', "import { lazyDatabase } from '../data/indexed-db';"],
  ['src/store/x.test.ts', "import { describe } from 'vitest';"],
  ['src/ui/train/X.tsx', "import { useLab } from '../../store';"],
  ['src/ui/train/X.tsx', "import { BACKEND_CHOICES } from '../../model/training';"],
  ['src/ui/train/X.tsx', "import type { InspectSource } from '../../client/types';"],
  ['src/ui/train/X.tsx', "import { useState } from 'react';"],
  ['src/ui/train/X.tsx', "import { LineChart } from 'recharts';"],
  ['src/ui/train/X.tsx', "import './train.css';"],
  ['src/ui/train/X.tsx', "import { formatCount } from '../../model/format';"],
  ['src/main.tsx', "import { createRoot } from 'react-dom/client';"],
  ['src/main.tsx', "import { App } from './App';"],
  ['src/main.tsx', "import './ui/styles.css';"],
  ['src/bench-page/x.ts', "import * as tf from '@tensorflow/tfjs';"],
  ['src/bench-page/x.ts', "import { setupWasmBackend } from '../kernels/wasm';"],
  ['src/bench-page/x.ts', "import { buildModel } from '../worker/model/build';"],
  ['src/bench-page/x.ts', "import { PRESETS } from '../model/presets';"],
  ['src/bench-page/x.ts', "import { trainStep } from '../worker/train-step';"],
  ['src/bench-page/main.ts', "import type { TfjsBenchOptions } from './protocol';"],
  ['src/model/x.test.ts', "import { describe } from 'vitest';"],
];

describe('import boundaries (eslint.config.js)', () => {
  it.each(forbidden)('%s refuses: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toHaveLength(1);
  });

  it.each(allowed)('%s accepts: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });

  it('says what the folder may import instead', async () => {
    const [message] = await boundaryErrors('src/ui/train/X.tsx', "import * as tf from '@tensorflow/tfjs';");
    expect(message).toContain("src/ui may not import '@tensorflow/tfjs'");
    expect(message).toContain('src/client');
    expect(message).toContain('never loads TensorFlow.js');
  });
});
