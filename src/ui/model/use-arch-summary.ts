import { useMemo } from 'react';
import { inferSummary, type ArchSummary } from '../../model/infer';
import { useLab } from '../../store';

/** The live Keras-style summary of the architecture in the store. */
export function useArchSummary(): ArchSummary {
  const arch = useLab((s) => s.arch);
  return useMemo(() => inferSummary(arch), [arch]);
}
