// The inspect entries of the worker API: kernels, feature maps, the
// conv and pool explainers, the confusion matrix, try-it predictions with
// saliency or Grad-CAM, and the epoch snapshots. Each is a short request
// (answered between training steps) on the live model, a kept checkpoint, or
// an epoch snapshot put into a viewing model; the work itself is in inspect/.
import { buildModel, pixelScale } from './model/build';
import { yieldToEventLoop } from './control';
import { dataFailure, FailureError } from './questions';
import { restoreWeights } from './trainer';
import type { InspectSource, TrainWorkerApi } from './protocol';
import type { Session, SessionModel } from './session';
import { applySnapshot, SNAPSHOT_RUN_BYTES, snapshotKernels } from './inspect/snapshots';
import { kernelsOf } from './inspect/kernels';
import { activationsOf } from './inspect/activations';
import { convExplainData } from './inspect/conv-explain';
import { poolExplainData } from './inspect/pool-explain';
import { confusionOf } from './inspect/confusion';
import { predictImage } from './inspect/predict';
import { saliencyOf } from './inspect/saliency';
import { transferables } from './inspect/transfer';

/**
 * A model for an inspect request: modelFor's, or for an epoch snapshot a
 * viewing model of the run's architecture (never the training model) with
 * the run's last checkpoint and then the snapshot's layers (every Conv2D,
 * the first Dense, BatchNorm) put in; the caller disposes `owned`.
 */
export async function inspectModel(session: Session, source: InspectSource): Promise<SessionModel> {
  if (source === 'current' || !('epoch' in source)) return session.modelFor(source);
  const snapshot = (await session.snapshots.load(source.runId)).find((x) => x.epoch === source.epoch);
  if (!snapshot)
    throw dataFailure(`This run kept no snapshot of epoch ${source.epoch}.`, 'Pick another epoch on the scrubber.');
  await session.readyBackend('Used to inspect.');
  const model = buildModel(source.arch);
  try {
    const last = await session.store.load(source.runId, 'last');
    if (last) restoreWeights(model, last.tensors);
    applySnapshot(model, snapshot);
  } catch {
    model.dispose();
    throw dataFailure(
      "The run's snapshot does not fit this architecture.",
      "Use the architecture the run was trained with (the run's snapshot).",
    );
  }
  return { runId: source.runId, arch: source.arch, model, at: { epoch: snapshot.epoch, batch: null }, owned: true };
}

/**
 * One inspect request on a model: its result's buffers transferred; an error of the inspect functions (a
 * wrong layer, image size) becomes a data failure.
 */
export const onModel = <T>(
  session: Session,
  source: InspectSource,
  fix: string,
  work: (m: SessionModel) => Promise<T>,
) =>
  (async () => {
    const m = await inspectModel(session, source);
    try {
      const value = await work(m);
      return { value, transfer: transferables(value) };
    } catch (e) {
      if (e instanceof FailureError || !(e instanceof Error) || /memory|device|context lost/i.test(e.message)) throw e;
      throw dataFailure(e.message, fix);
    } finally {
      if (m.owned) m.model.dispose();
    }
  })();

type InspectApi = Pick<
  TrainWorkerApi,
  | 'inspectKernels'
  | 'inspectActivations'
  | 'inspectConv'
  | 'inspectPool'
  | 'inspectConfusion'
  | 'inspectPredict'
  | 'snapshots'
>;

export function inspectEntries(session: Session): InspectApi {
  return {
    inspectKernels: session.short(async (source, layer) => {
      if (source !== 'current' && 'epoch' in source) {
        // Straight from the snapshot: no model needed.
        const snapshot = (await session.snapshots.load(source.runId)).find((x) => x.epoch === source.epoch);
        if (!snapshot)
          throw dataFailure(
            `This run kept no snapshot of epoch ${source.epoch}.`,
            'Pick another epoch on the scrubber.',
          );
        let value;
        try {
          value = snapshotKernels(snapshot, layer);
        } catch (e) {
          throw dataFailure(e instanceof Error ? e.message : String(e), 'Choose a Conv2D layer.');
        }
        return { value, transfer: transferables(value) };
      }
      return onModel(session, source, 'Choose a Conv2D layer (or a Dense layer that reads the image).', (m) =>
        kernelsOf(m.model, { layer }),
      );
    }),
    inspectActivations: session.short(async (source, r) =>
      onModel(session, source, 'Choose another layer or image.', (m) =>
        activationsOf(m.model, {
          pixels: r.pixels,
          scale: pixelScale(m.arch),
          layers: r.layers,
          channelOffset: r.channelOffset,
          channelLimit: r.channelLimit,
        }),
      ),
    ),
    inspectConv: session.short(async (source, r) =>
      onModel(session, source, 'Choose a Conv2D layer and one of its filters.', (m) =>
        convExplainData(m.model, { pixels: r.pixels, scale: pixelScale(m.arch), layer: r.layer, filter: r.filter }),
      ),
    ),
    inspectPool: session.short(async (source, r) =>
      onModel(session, source, 'Choose a MaxPooling2D layer and one of its channels.', (m) =>
        poolExplainData(m.model, { pixels: r.pixels, scale: pixelScale(m.arch), layer: r.layer, channel: r.channel }),
      ),
    ),
    inspectConfusion: session.short(async (source, r) =>
      onModel(session, source, 'Load the dataset the run was trained on, then try again.', async (m) => {
        const data = session.trainerData(r.datasetId, m.arch, [r.split]);
        // Yield between batches so control messages (pause, stop) and the page's other requests get through.
        const result = await confusionOf(
          m.model,
          {
            split: session.dataset![r.split],
            scale: pixelScale(m.arch),
            numClasses: data.numClasses,
            batchSize: r.batchSize ?? 64,
          },
          { checkpoint: async () => (await yieldToEventLoop(), 'continue' as const) },
        );
        return result!;
      }),
    ),
    inspectPredict: session.short(async (source, r) =>
      onModel(session, source, 'Pick an image again.', async (m) => {
        const scale = pixelScale(m.arch);
        const prediction = await predictImage(m.model, { pixels: r.pixels, scale });
        const method =
          r.method === 'grad-cam' && !m.arch.layers.some((l) => l.type === 'Conv2D') ? 'saliency' : r.method;
        const saliency = await saliencyOf(m.model, {
          pixels: r.pixels,
          scale,
          method,
          classIndex: prediction.predicted,
        });
        return { prediction, saliency };
      }),
    ),
    snapshots: session.short(async (runId) => {
      const list = await session.snapshots.load(runId);
      const snapshots = list.map((x) => ({
        epoch: x.epoch,
        bytes: x.bytes,
        layers: x.layers.map((l) => l.layer),
        skipped: x.skipped,
      }));
      return {
        value: { runId, snapshots, bytes: snapshots.reduce((a, x) => a + x.bytes, 0), boundBytes: SNAPSHOT_RUN_BYTES },
        transfer: [],
      };
    }),
  };
}
