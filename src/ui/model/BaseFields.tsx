// A pretrained base's settings in its layer card: which network, MobileNetV2's width, and the first layer that
// trains (`fine-tune-from-select`: none keeps the whole base frozen, as feature extraction does).
import { BASE_NAMES, MOBILENET_V2_ALPHAS, type BaseName, type MobileNetV2Alpha } from '../../model/bases/types';
import { fineTuneChoices } from '../../model/bases/summary';
import type { KerasBaseLayer, PretrainedBaseLayer, TfjsBaseLayer } from '../../model/layers';
import { tfjsFineTuneChoices } from '../../model/bases/tfjs-base';
import { TFJS_PREPROCESS, TFJS_PREPROCESS_TEXT, type TfjsPreprocess } from '../../model/bases/tfjs-types';
import { ChoiceField } from '../common/ChoiceField';

interface Props {
  layer: PretrainedBaseLayer;
  onChange: (patch: Partial<KerasBaseLayer> | Partial<TfjsBaseLayer>, editKey: string) => void;
}

const BASE_TEXT: Record<BaseName, string> = { vgg16: 'VGG16', mobilenet_v2: 'MobileNetV2' };
const NONE = 'none';

let edits = 0;
/** Each choice is its own undo step. */
const editKey = () => `base-${++edits}`;

export function BaseFields({ layer, onChange }: Props) {
  if (layer.base === 'tfjs') return <TfjsBaseFields layer={layer} onChange={onChange} />;
  return <KerasBaseFields layer={layer} onChange={onChange} />;
}

/** The fine-tune select's options: none, the choices, and a stored name the base lacks (the summary says why). */
function fineTuneOptions(choices: string[], current: string): string[] {
  return [NONE, ...choices, ...(current !== NONE && !choices.includes(current) ? [current] : [])];
}

function FineTuneFrom({
  current,
  choices,
  onChange,
}: {
  current: string;
  choices: string[];
  onChange: Props['onChange'];
}) {
  return (
    <ChoiceField<string>
      label="fine-tune from"
      testId="fine-tune-from-select"
      value={current}
      choices={fineTuneOptions(choices, current)}
      text={(c) => (c === NONE ? 'none (whole base frozen)' : c)}
      wide={false}
      inline
      onChange={(c) => onChange({ fineTuneFrom: c === NONE ? null : c }, editKey())}
    />
  );
}

/** A kept TensorFlow.js model: its name, the preprocessing the lab applies before it, the first layer that trains. */
function TfjsBaseFields({ layer, onChange }: { layer: TfjsBaseLayer; onChange: Props['onChange'] }) {
  const model = layer.tfjs.model;
  return (
    <div className="layer-params base-fields">
      <p className="muted" data-testid="tfjs-base-name">
        TensorFlow.js model{' '}
        {model ? `${model.name}, ${model.input.join('x')} input` : `'${layer.tfjs.file}' (not kept here)`}
      </p>
      <ChoiceField<TfjsPreprocess>
        label="preprocessing"
        testId="param-preprocess"
        value={layer.tfjs.preprocess}
        choices={TFJS_PREPROCESS}
        text={TFJS_PREPROCESS_TEXT}
        wide={false}
        inline
        onChange={(preprocess) => onChange({ tfjs: { ...layer.tfjs, preprocess } }, editKey())}
      />
      <FineTuneFrom
        current={layer.fineTuneFrom ?? NONE}
        choices={model ? tfjsFineTuneChoices(model) : []}
        onChange={onChange}
      />
    </div>
  );
}

function KerasBaseFields({ layer, onChange }: { layer: KerasBaseLayer; onChange: Props['onChange'] }) {
  const known = BASE_NAMES.includes(layer.base);
  const choices =
    known && (layer.base === 'vgg16' || MOBILENET_V2_ALPHAS.includes(layer.alpha)) ? fineTuneChoices(layer) : [];
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
      <FineTuneFrom current={layer.fineTuneFrom ?? NONE} choices={choices} onChange={onChange} />
    </div>
  );
}
