// What the Train view says when a batch runs in pieces (src/model/step-memory.ts).
import type { MicroBatchPlan } from '../../model/step-memory';
import { formatBytes } from '../../data/memory';

export function stepPiecesText(p: MicroBatchPlan, batchSize: number): string {
  return (
    `Each batch of ${batchSize} runs through the model ${p.size} images at a time (${p.pieces} pieces), ` +
    `their gradients added up into one update: about ${formatBytes(p.pieceBytes)} of working memory instead of ${formatBytes(p.batchBytes)}, the same training.`
  );
}
