// One frame of the preview as a PNG at the model's input size: the centred
// part with the input's aspect, mirrored as the preview shows it (what the
// student sees is what is kept).
import { centreCrop } from '../../../data/webcam-files';

export function frameGrabber(height: number, width: number) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  return async (video: HTMLVideoElement): Promise<Blob | null> => {
    if (video.readyState < 2 || video.videoWidth === 0) return null;
    const { sx, sy, sw, sh } = centreCrop(video.videoWidth, video.videoHeight, height, width);
    ctx.setTransform(-1, 0, 0, 1, width, 0);
    ctx.drawImage(video, sx, sy, sw, sh, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/png' });
  };
}
