// How a model with a pretrained base trains, where the student presses Train: the fast way (the base's
// features computed once, then only the head trains) or, with the reason, the base inside every step.
import { useMemo } from 'react';
import { useLab } from '../../store';
import { featurePlan } from '../../model/bases/features';

import type { Architecture } from '../../model/layers';

export function FeatureWayNote() {
  return <FeatureWayNoteBody arch={useLab((s) => s.arch)} />;
}

export function FeatureWayNoteBody({ arch }: { arch: Architecture }) {
  const plan = useMemo(() => featurePlan(arch), [arch]);
  if (!arch.layers.some((l) => l.type === 'Base')) return null;
  const fast = !('problem' in plan);
  return (
    <p className="note feature-way-note" data-testid="feature-way-note" data-fast={fast}>
      {fast ? (
        <>
          <strong>Fast feature extraction.</strong> The frozen base runs once over every training and validation image
          before the first epoch ({(plan.bytesPerImage / 1024).toFixed(1)} KB of features an image, kept while the run
          trains, in memory or on disk by the same rule as the pixels: Pixels while training); then only the layers
          after it train, on those features, in seconds an epoch. The base therefore never sees augmented images.
        </>
      ) : (
        <>
          <strong>The base runs at every step.</strong> {plan.problem}
        </>
      )}
    </p>
  );
}
