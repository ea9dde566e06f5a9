// The number of classes of the task, and the classifier that goes with it.
// A preset ends with the textbook's Dense(10, softmax) or Dense(1, sigmoid);
// loaded data with another number of classes makes that last layer follow.
import type { Architecture, DenseLayer, LayerSpec } from './layers';

/** The architecture for `n` classes: numClasses set, and a last Dense classifier resized to fit (other stacks untouched). */
export function withClasses(arch: Architecture, n: number): Architecture {
  const last = arch.layers.at(-1);
  let layers = arch.layers;
  if (last?.type === 'Dense' && (last.activation === 'softmax' || last.activation === 'sigmoid')) {
    // Two classes keep either textbook form (one sigmoid unit, or two softmax units); otherwise one softmax unit per class.
    const fits =
      n === 2
        ? last.activation === 'sigmoid'
          ? last.units === 1
          : last.units === 2
        : last.activation === 'softmax' && last.units === n;
    if (!fits) {
      const classifier: DenseLayer =
        n === 2 && last.activation === 'sigmoid'
          ? { type: 'Dense', units: 1, activation: 'sigmoid' }
          : { type: 'Dense', units: n, activation: 'softmax' };
      layers = [...arch.layers.slice(0, -1), { ...classifier, id: last.id } as LayerSpec];
    }
  }
  return arch.numClasses === n && layers === arch.layers ? arch : { ...arch, numClasses: n, layers };
}
