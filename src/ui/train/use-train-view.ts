// What the Train section renders, selected once: the current run and whether training may start.
import { useMemo } from 'react';
import { useLab } from '../../store';
import { trainReadiness } from '../../store/train-runs';
import { useInvalidFields } from '../common/use-invalid-fields';

export function useCurrentRun() {
  return useLab((s) => s.runs.find((r) => r.id === s.currentRunId) ?? null);
}

export function useReadiness() {
  const arch = useLab((s) => s.arch);
  const dataset = useLab((s) => s.dataset);
  const invalid = useInvalidFields();
  return useMemo(() => trainReadiness(arch, dataset, invalid), [arch, dataset, invalid]);
}

export const isRunning = (state: string) => state === 'preparing' || state === 'training' || state === 'paused';

/** "1 min 05 s", "12 s": short and stable while it counts down. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export const fmt = (n: number, digits = 4) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
