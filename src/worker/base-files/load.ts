// What the base builder asks for: the kept file for a base, read and checked again (a file damaged on disk since
// it was kept is refused, with the reader's message), as BaseLayerWeights[] in Keras' order.
import { baseDownloadPlan, type BaseNeed } from '../../model/base-files';
import type { BaseLayerWeights } from '../../model/bases/weights';
import { readBaseWeights } from '../h5/base-weights';
import { keptBaseBytes } from './keep';

/** The base's weights, or null when no file for it is kept. Throws BaseWeightsError for a damaged one. */
export async function keptBaseWeights(need: BaseNeed): Promise<BaseLayerWeights[] | null> {
  const { fileName } = baseDownloadPlan(need);
  const bytes = await keptBaseBytes(fileName);
  if (!bytes) return null;
  return (await readBaseWeights(bytes, { fileName, meant: need })).layers;
}
