// The store as the rest of the app sees it: the app's instance (lab.ts), the
// hook components select from, and the types of its state.
export { useLab, startLab } from './lab';
export type { LabState, LabStore } from './create';
