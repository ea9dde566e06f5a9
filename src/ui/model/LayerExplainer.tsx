import { EXPLANATIONS } from '../../model/explain';
import type { LayerType } from '../../model/layers';

export function LayerExplainer({ type }: { type: LayerType }) {
  const e = EXPLANATIONS[type];
  return (
    <section className="panel explainer" aria-labelledby="explain-heading" data-testid="layer-explainer">
      <h2 id="explain-heading">About {type}</h2>
      <p>{e.summary}</p>
      <h3>Parameters</h3>
      <p>{e.params}</p>
      <h3>Parameter count</h3>
      <p>{e.count}</p>
    </section>
  );
}
