// Short explanations a student reads next to each layer: what it does, what
// its knobs mean, and how its parameter count comes about.
import type { LayerType } from './layers';

export interface LayerExplanation {
  summary: string;
  params: string;
  count: string;
}

export const EXPLANATIONS: Record<LayerType, LayerExplanation> = {
  Conv2D: {
    summary:
      'Slides small windows (kernels) over the image and, at every position, computes a weighted sum of the pixels under the window. Each filter learns one local pattern (an edge, a texture) and produces one output channel: a map of where that pattern appears.',
    params:
      'filters: how many patterns to learn. kernel_size: window size (3x3 is typical). strides: step between windows. padding "valid" shrinks the map by kernel-1; "same" keeps it (divided by the stride). activation: applied to each output.',
    count:
      'kernel_h x kernel_w x input_channels x filters weights, plus one bias per filter. Example: 3 x 3 x 1 x 32 + 32 = 320.',
  },
  MaxPooling2D: {
    summary:
      'Keeps only the largest value in each window, channel by channel. It halves the map (with 2x2 windows), so later layers see a larger part of the image and the model has fewer weights to learn.',
    params: 'pool_size: window size. strides: step between windows (defaults to pool_size). padding: as for Conv2D.',
    count: 'No parameters: it only picks values.',
  },
  AveragePooling2D: {
    summary:
      'Like max-pooling, but each window is replaced by its average instead of its maximum. Smoother, and usually a little worse for classification.',
    params: 'pool_size, strides (defaults to pool_size) and padding, as for MaxPooling2D.',
    count: 'No parameters.',
  },
  GlobalAveragePooling2D: {
    summary:
      'Averages each channel over the whole map, turning (h, w, c) feature maps into a vector of c numbers. A lighter alternative to Flatten before the classifier.',
    params: 'None.',
    count: 'No parameters.',
  },
  Flatten: {
    summary:
      'Unrolls the (h, w, c) feature maps into one long vector so Dense layers can read them. Nothing is learned; only the shape changes.',
    params: 'None.',
    count: 'No parameters. Its output length is h x w x c.',
  },
  Dense: {
    summary:
      'Every output is connected to every input: a weighted sum of the whole input vector, plus a bias, through an activation. The last Dense layer turns features into class scores (softmax for several classes, one sigmoid unit for two).',
    params: 'units: number of outputs. activation: relu for hidden layers, softmax or sigmoid for the output.',
    count: 'inputs x units weights plus units biases. Example: 1,152 x 10 + 10 = 11,530.',
  },
  Dropout: {
    summary:
      'During training, sets a random fraction of its inputs to zero and multiplies the rest by 1 / (1 - rate), so their sum stays the same on average and the model cannot rely on any single feature. It fights overfitting; in evaluation and prediction it does nothing.',
    params: 'rate: the fraction dropped, e.g. 0.5.',
    count: 'No parameters.',
  },
  BatchNormalization: {
    summary:
      'Normalises each channel to zero mean and unit variance over the batch, then rescales it with a learned gamma and beta. It keeps training stable in deep models.',
    params: 'None to set here (Keras defaults: momentum 0.99, epsilon 0.001).',
    count:
      '4 per channel: gamma and beta are trained; the moving mean and variance are not (2 per channel non-trainable).',
  },
  Rescaling: {
    summary:
      'Multiplies every pixel by scale and adds offset, e.g. 1/255 maps bytes 0-255 to 0-1, which networks train on much better.',
    params: 'scale and offset.',
    count: 'No parameters.',
  },
  RandomFlip: {
    summary:
      'Data augmentation: during training, mirrors each image at random (half of them), so the model sees more variety than the dataset holds. Inactive at test time: the same image then always gives the same answer.',
    params:
      'mode: horizontal (left-right), vertical (top-bottom), or horizontal_and_vertical (Keras 3 then flips both axes of the same half of the images).',
    count: 'No parameters.',
  },
  RandomRotation: {
    summary:
      'Data augmentation: during training, rotates each image by its own random angle about the centre. Inactive at test time.',
    params:
      'factor: fraction of a full turn, so 0.1 means -36° to +36° and "-0.1, 0.2" means -36° to +72° (positive is counter-clockwise). fill_mode: how the corners brought in from outside are filled (reflect by default). interpolation: bilinear or nearest. fill_value: the colour for fill_mode "constant".',
    count: 'No parameters.',
  },
  RandomZoom: {
    summary:
      'Data augmentation: during training, zooms each image in or out at random about its centre. Inactive at test time.',
    params:
      'height_factor: 0.2 zooms by -20% to +20%; positive zooms out (the content shrinks and the border is filled by fill_mode), negative zooms in. width_factor: the same for the width; empty (None) keeps the aspect ratio. fill_mode, interpolation, fill_value: as for RandomRotation.',
    count: 'No parameters.',
  },
  RandomTranslation: {
    summary:
      'Data augmentation: during training, shifts each image up/down and left/right by a random fraction of its size. Inactive at test time.',
    params:
      'height_factor: 0.1 shifts by up to 10% of the height (positive moves the content down). width_factor: the same for the width (positive moves it right). fill_mode, interpolation, fill_value: as for RandomRotation.',
    count: 'No parameters.',
  },
  RandomContrast: {
    summary:
      "Data augmentation: during training, scales each image's contrast by a random amount: every pixel moves away from (or towards) its channel's mean, (x - mean) x c + mean, then is clipped to value_range. Inactive at test time.",
    params:
      'factor: 0.2 picks c between 0.8 and 1.2. value_range: the range the pixels are in (0, 255 before Rescaling).',
    count: 'No parameters.',
  },
  RandomBrightness: {
    summary:
      'Data augmentation: during training, adds a random amount to every pixel of each image (lighter or darker), clipped to value_range. Inactive at test time.',
    params:
      'factor: 0.2 adds between -20% and +20% of value_range (-51 to +51 on 0-255). value_range: the range the pixels are in (0, 255 before Rescaling; 0, 1 for a model without Rescaling).',
    count: 'No parameters.',
  },
  Base: {
    summary:
      "A convolutional base trained on ImageNet (1.4 million photos, 1,000 classes), as keras.applications builds it without its classifier: it turns each image into feature maps that already separate many everyday things. With the base frozen only the layers after it learn (feature extraction); fine-tuning also trains its top layers, with a low learning rate so the pretrained filters are adjusted, not destroyed. It brings its own preprocess_input: VGG16 turns RGB into BGR and subtracts ImageNet's mean colour from 0-255 pixels; MobileNetV2 maps 0-255 to -1..1.",
    params:
      "base: VGG16 (14.7 million parameters, slow, the textbook) or MobileNetV2 (0.4 to 4.4 million, built for phones). alpha: MobileNetV2's width (0.35 narrow to 1.4 wide). Fine-tune from: the first layer that trains; every layer before it stays frozen, and BatchNormalization layers of the frozen part run in inference mode, as in Keras.",
    count:
      "Its layers' weights, summed: VGG16 has 13 convolutions, 14,714,688 parameters. BatchNormalization's moving mean and variance are never trained, so they count as non-trainable, like every weight of a frozen layer.",
  },
};
