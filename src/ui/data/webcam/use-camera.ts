// The camera while capture is open: started on request, its tracks stopped the
// moment capture closes (Done, Cancel, leaving Data), so the browser's camera
// light goes off with it. Refused or missing: a message, nothing else changes.
import { useCallback, useEffect, useRef, useState } from 'react';

export type CameraState = 'off' | 'starting' | 'on' | 'error';

/** What the student reads when getUserMedia fails, by the error's name. */
export function cameraErrorText(e: unknown): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'The camera was refused. Allow it for this page (the camera icon in the address bar, or the browser’s site settings), then press Start the camera again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'No camera was found. Connect one (or close the program using it), then press Start the camera again.';
  if (name === 'NotReadableError' || name === 'AbortError')
    return 'The camera could not be started: another program may be using it. Close it, then try again.';
  return `The camera could not be started (${e instanceof Error ? e.message : String(e)}).`;
}

export function useCamera() {
  const [state, setState] = useState<CameraState>('off');
  const [error, setError] = useState<string | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  const wanted = useRef(false);

  const stop = useCallback(() => {
    wanted.current = false;
    stream.current?.getTracks().forEach((t) => t.stop());
    stream.current = null;
    if (video.current) video.current.srcObject = null;
    setState((s) => (s === 'error' ? s : 'off'));
  }, []);

  const start = useCallback(async () => {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setState('error');
      setError(
        'This browser gives no camera to this page (it needs https or localhost, and a browser with camera access).',
      );
      return;
    }
    wanted.current = true;
    setState('starting');
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      // Closed while the browser was asking: let go at once.
      if (!wanted.current) return s.getTracks().forEach((t) => t.stop());
      stream.current = s;
      if (video.current) {
        video.current.srcObject = s;
        await video.current.play().catch(() => undefined);
      }
      setState('on');
    } catch (e) {
      wanted.current = false;
      setState('error');
      setError(cameraErrorText(e));
    }
  }, []);

  useEffect(() => stop, [stop]);
  return { state, error, video, start, stop };
}
