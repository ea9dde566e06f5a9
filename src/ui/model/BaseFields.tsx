// A pretrained base's settings in its layer card: which network, MobileNetV2's width, and the first layer that
// trains (`fine-tune-from-select`: none keeps the whole base frozen, as feature extraction does).
import { BASE_NAMES, MOBILENET_V2_ALPHAS, type BaseName, type MobileNetV2Alpha } from '../../model/bases/types';
import { fineTuneChoices } from '../../model/bases/summary';
import type { PretrainedBaseLayer } from '../../model/layers';
import { ChoiceField } from '../common/ChoiceField';

interface Props {
  layer: PretrainedBaseLayer;
  onChange: (patch: Partial<PretrainedBaseLayer>, editKey: string) => void;
}

const BASE_TEXT: Record<BaseName, string> = { vgg16: 'VGG16', mobilenet_v2: 'MobileNetV2' };
const NONE = 'none';

let edits = 0;
/** Each choice is its own undo step. */
const editKey = () => `base-${++edits}`;

export function BaseFields({ layer, onChange }: Props) {
  const known = BASE_NAMES.includes(layer.base);
  const choices =
    known && (layer.base === 'vgg16' || MOBILENET_V2_ALPHAS.includes(layer.alpha)) ? fineTuneChoices(layer) : [];
  // A stored name the base does not have stays shown (the summary says what is wrong) rather than silently replaced.
  const current = layer.fineTuneFrom ?? NONE;
  const options = [NONE, ...choices, ...(current !== NONE && !choices.includes(current) ? [current] : [])];
  return (
    <div className="layer-params base-fields">
      <ChoiceField<BaseName>
        label="base"
        testId="param-base"
        value={layer.base}
        choices={BASE_NAMES}
        text={BASE_TEXT}
        wide={false}
        inline
        // The two bases' layers have different names: a new base starts frozen.
        onChange={(base) => onChange({ base, fineTuneFrom: null }, editKey())}
      />
      {layer.base === 'mobilenet_v2' && (
        <ChoiceField<MobileNetV2Alpha>
          label="alpha"
          testId="param-alpha"
          value={layer.alpha}
          choices={MOBILENET_V2_ALPHAS}
          text={(a) => a.toFixed(2)}
          wide={false}
          inline
          onChange={(alpha) => onChange({ alpha }, editKey())}
        />
      )}
      <ChoiceField<string>
        label="fine-tune from"
        testId="fine-tune-from-select"
        value={current}
        choices={options}
        text={(c) => (c === NONE ? 'none (whole base frozen)' : c)}
        wide={false}
        inline
        onChange={(c) => onChange({ fineTuneFrom: c === NONE ? null : c }, editKey())}
      />
    </div>
  );
}
