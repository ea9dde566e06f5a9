// Training that collapsed, said as plainly as a loss that blew up to NaN: a loss that jumps and stays up, or
// predictions that fall to one class. Pure; the Train view and the comparison show what it finds.
//
// The cats-vs-dogs preset on a small folder went loss 0.68 -> 0.52 -> 8.09 -> 8.09, accuracy 0.49: a sigmoid
// pinned at 0 or 1 costs -ln(1e-7) ~ 16 on the half of the images it gets wrong (Keras clips at 1e-7), ~8 on
// average, and ReLUs that saw one huge update stop passing gradients, so it does not come back.
import type { OptimizerName } from './training';

export interface CollapseEpoch {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
}

export interface CollapseContext {
  numClasses: number;
  learningRate: number;
  optimizer: OptimizerName;
  /** The kept checkpoint (lowest val_loss), if any. */
  bestEpoch: number | null;
  /** Test accuracy per class of the kept checkpoint, when it was scored. */
  perClass?: readonly (number | null)[] | null;
  classNames?: readonly string[];
}

export interface Collapse {
  kind: 'loss-jump' | 'one-class';
  /** The epoch it happened (for one class seen on the test split: the scored epoch). */
  epoch: number;
  /** What happened, with the numbers. */
  message: string;
  /** The likely cause and what to change. */
  fix: string;
}

const OPTIMIZER_NAME: Record<OptimizerName, string> = { rmsprop: 'RMSprop', adam: 'Adam', sgd: 'SGD' };
const f2 = (v: number) => v.toFixed(2);

/** The loss of guessing: ln(classes) (0.69 for two). A collapsed model sits well above it. */
const chanceLoss = (classes: number) => Math.log(Math.max(2, classes));

function lowerRate(ctx: CollapseContext): string {
  const rate = ctx.learningRate;
  return `Lower the learning rate (it is ${rate} with ${OPTIMIZER_NAME[ctx.optimizer]}; try ${rate / 10}) and train again`;
}

function keptNote(ctx: CollapseContext, before: number): string {
  return ctx.bestEpoch !== null && ctx.bestEpoch < before
    ? ` The kept checkpoint is epoch ${ctx.bestEpoch}, from before it: evaluate that one, not the last epoch.`
    : '';
}

/** The epoch where the loss jumped (3x its best so far and above the loss of guessing) and stayed up. */
function lossJump(epochs: readonly CollapseEpoch[], classes: number): { at: number; from: number } | null {
  const list = epochs.filter((e) => Number.isFinite(e.loss));
  for (let i = 1; i < list.length; i++) {
    const from = Math.min(...list.slice(0, i).map((e) => e.loss));
    const floor = Math.max(3 * from, chanceLoss(classes));
    if (!(list[i]!.loss > floor)) continue;
    const after = list.slice(i + 1);
    const stays = after.length > 0 ? after.every((e) => e.loss > 2 * from) : list[i]!.loss > 5 * floor;
    if (stays) return { at: i, from };
  }
  return null;
}

/** The one class every test image went to, from the per-class accuracies of the scored checkpoint. */
function oneClassOnTest(perClass: readonly (number | null)[]): number | null {
  const scored = perClass.map((a, i) => [a, i] as const).filter(([a]) => a !== null) as [number, number][];
  if (scored.length < 2) return null;
  const right = scored.filter(([a]) => a >= 0.95);
  const wrong = scored.filter(([a]) => a <= 0.05);
  return right.length === 1 && wrong.length === scored.length - 1 ? right[0]![1] : null;
}

export function detectCollapse(epochs: readonly CollapseEpoch[], ctx: CollapseContext): Collapse | null {
  const jump = lossJump(epochs, ctx.numClasses);
  const list = epochs.filter((e) => Number.isFinite(e.loss));
  const guess = 1 / Math.max(2, ctx.numClasses);
  if (jump) {
    const e = list[jump.at]!;
    const last = list.at(-1)!;
    const nearGuess = last.valAccuracy <= guess + 0.1;
    return {
      kind: 'loss-jump',
      epoch: e.epoch,
      message:
        `Training collapsed at epoch ${e.epoch}: the loss jumped from ${f2(jump.from)} to ${f2(e.loss)} and ` +
        `stayed up (last epoch ${f2(last.loss)}, where guessing scores ${f2(chanceLoss(ctx.numClasses))}).` +
        (nearGuess
          ? ` val_accuracy ${f2(last.valAccuracy)} is what answering one class for every image scores (chance: ${f2(guess)}): the model now predicts one class.`
          : ''),
      fix:
        'Likely cause: one update too large for this model and data: the outputs saturated (a sigmoid or softmax ' +
        'pinned at 0 or 1) and the ReLUs before them stopped passing gradients, so it cannot recover. ' +
        `${lowerRate(ctx)}; more training images or a smaller model also steady it.${keptNote(ctx, e.epoch)}`,
    };
  }
  const names = ctx.classNames ?? [];
  const only = ctx.perClass ? oneClassOnTest(ctx.perClass) : null;
  if (only !== null) {
    const name = names[only] ?? `class ${only}`;
    return {
      kind: 'one-class',
      epoch: ctx.bestEpoch ?? list.at(-1)?.epoch ?? 0,
      message: `The predictions fell to one class: every test image is called "${name}" (right on all of that class, wrong on all others).`,
      fix:
        'Likely cause: the model never learned to tell the classes apart: a learning rate too high (the weights ' +
        `were thrown into a corner) or too few training images per class. ${lowerRate(ctx)}, and check the Data ` +
        'section for a class much bigger than the others.',
    };
  }
  // Without a test score: accuracy frozen at guessing over the last epochs (every prediction the same class).
  const tail = list.slice(-2);
  if (
    tail.length === 2 &&
    tail.every((e) => e.valAccuracy <= guess + 0.05 && e.accuracy <= guess + 0.05) &&
    Math.abs(tail[0]!.valAccuracy - tail[1]!.valAccuracy) < 1e-9 &&
    tail[1]!.loss > chanceLoss(ctx.numClasses) * 1.2
  ) {
    const e = tail[1]!;
    return {
      kind: 'one-class',
      epoch: e.epoch,
      message: `The predictions seem to have fallen to one class: val_accuracy has stayed at ${f2(e.valAccuracy)}, what one answer for every image scores (chance: ${f2(guess)}), and the loss (${f2(e.loss)}) is above guessing's ${f2(chanceLoss(ctx.numClasses))}.`,
      fix: `Likely cause: a learning rate too high for this model. ${lowerRate(ctx)}.${keptNote(ctx, e.epoch)}`,
    };
  }
  return null;
}
