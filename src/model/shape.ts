// The one image-shape type of the lab: the model's input, a dataset's images,
// a decode target and a batch's geometry are all height x width x channels.
// `C` narrows the channels where only decoded pixels occur (grayscale or RGB).

export interface ImageShape<C extends number = number> {
  height: number;
  width: number;
  channels: C;
}

/** Channels a decoded image can have: grayscale or RGB. */
export type DecodedChannels = 1 | 3;

/** The same height, width and channels (a dataset against a model's input, a decode target, a picked image). */
export const sameShape = (a: ImageShape, b: ImageShape): boolean =>
  a.height === b.height && a.width === b.width && a.channels === b.channels;

/** `28x28x1`: height x width x channels, as messages write a shape. */
export const formatShape = (s: ImageShape): string => `${s.height}x${s.width}x${s.channels}`;
