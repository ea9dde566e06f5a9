// Opens webcam capture for a class (in its class row) or for a new class.
import { useLab } from '../../../store';

export function WebcamButton({ className, onOpen }: { className: string | null; onOpen: (cls: string) => void }) {
  const locked = useLab((s) => s.dataLock !== null);
  return (
    <button
      type="button"
      className={className === null ? undefined : 'link'}
      data-testid="webcam-button"
      data-class={className ?? ''}
      disabled={locked}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(className ?? '');
      }}
      aria-label={
        className === null ? 'Record a new class with the webcam' : `Record images of ${className} with the webcam`
      }
    >
      {className === null ? 'Record a class with the webcam…' : 'Webcam'}
    </button>
  );
}
