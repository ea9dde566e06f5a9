// The convolution, one output pixel at a time: the patch of the layer's input
// under the kernel, the kernel, their element-wise products, each input
// channel's sum, the total plus bias and the activation, and the pixel landing
// in the output map. The arithmetic is the pure explainer's; the value shown
// as the output is the layer's own (computed by tfjs in the worker), and the
// two agree (checked in src/worker/inspect/conv-explain.test.ts).
import { useMemo, useState } from 'react';
import type { ConvExplainData } from '../../client/types';
import { convOutputShape, explainConv } from '../../model/explain-conv';
import { MapCanvas } from './MapCanvas';
import { OutputMapCell } from './OutputMapCell';
import { NumGrid } from './NumGrid';
import { PlayerControls } from './PlayerControls';
import { ChoiceField, indices } from '../common/ChoiceField';
import { usePlayer } from './use-player';
import { fmt, paint, plain, sequential } from './colour';
import './inspect.css';

export interface ConvExplainerProps {
  data: ConvExplainData;
  /** Offered when the page can load another filter of the layer. */
  onFilterChange?: (filter: number) => void;
}

/** Channels shown each with its own products (the textbook's (3, 3, 2) example has 2). */
const CHANNELS_IN_FULL = 4;

function rangeOf(values: ArrayLike<number>, from = 0, step = 1): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < values.length; i += step) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return [min, max];
}

export function ConvExplainer({ data, onFilterChange }: ConvExplainerProps) {
  const g = data.geometry;
  const [kh, kw] = g.kernelSize;
  const [outH, outW] = convOutputShape(g);
  const player = usePlayer(outH, outW);
  const [channel, setChannel] = useState(0);
  const shownChannel = Math.min(channel, g.inChannels - 1);
  const step = useMemo(
    () => explainConv(data.input, g, data.kernel, data.bias, data.activation, player.row, player.col),
    [data, g, player.row, player.col],
  );
  const real = data.output[player.row * outW + player.col]!;

  const inputRgba = useMemo(() => {
    const plane = new Float32Array(g.inHeight * g.inWidth);
    for (let p = 0; p < plane.length; p++) plane[p] = data.input[p * g.inChannels + shownChannel]!;
    const [min, max] = rangeOf(plane);
    return { plane, rgba: paint(plane, g.inHeight, g.inWidth, (v) => sequential(v, min, max)) };
  }, [data.input, g, shownChannel]);

  const reached = player.row * outW + player.col;
  const outputRgba = useMemo(() => {
    const [min, max] = rangeOf(data.output);
    // Pixels not computed yet stay grey: the map fills in as the kernel slides.
    return paint(
      Array.from(data.output, (v, i) => (i <= reached ? v : NaN)),
      outH,
      outW,
      (v) => (Number.isNaN(v) ? [200, 200, 200] : sequential(v, min, max)),
    );
  }, [data.output, outH, outW, reached]);

  const full = g.inChannels <= CHANNELS_IN_FULL;
  const perChannel = full ? Array.from({ length: g.inChannels }, (_, c) => c) : [shownChannel];
  const sums = Array.from(step.channelSums);
  const activationText =
    step.output === null
      ? `softmax over all ${data.filters} filters`
      : `${data.activation}(${fmt(step.preActivation)}) = ${fmt(step.output)}`;

  return (
    <section
      className="explainer"
      data-testid="conv-explainer"
      aria-label={`Convolution step by step: ${data.layer}, filter ${data.filter}`}
    >
      <p className="inspect-note">
        {data.layer}, filter {data.filter} of {data.filters}: a {kh}x{kw}x{g.inChannels} kernel slides over the{' '}
        {g.inHeight}x{g.inWidth}x{g.inChannels} input with stride {g.strides.join('x')} and {g.padding} padding
        {g.padding === 'same' ? ' (zeros around the border, the odd extra one at the bottom/right)' : ''}, giving a{' '}
        {outH}x{outW} map.
      </p>
      <div className="explainer-controls">
        <PlayerControls player={player} stepTestId="explainer-step" />
        {onFilterChange && (
          <ChoiceField
            label="Filter"
            value={data.filter}
            choices={indices(data.filters)}
            text={String}
            inline
            onChange={onFilterChange}
          />
        )}
        {g.inChannels > 1 && (
          <ChoiceField
            label="Input channel"
            value={shownChannel}
            choices={indices(g.inChannels)}
            text={String}
            inline
            onChange={setChannel}
          />
        )}
      </div>
      <div className="explainer-row">
        <div className="inspect-cell">
          <MapCanvas
            height={g.inHeight}
            width={g.inWidth}
            rgba={inputRgba.rgba}
            size={200}
            boxes={[{ top: step.top, left: step.left, height: kh, width: kw, colour: '#e8590c' }]}
            label={`input channel ${shownChannel}`}
            describe={(r, c) =>
              `input (${r}, ${c}) channel ${shownChannel}: ${fmt(inputRgba.plane[r * g.inWidth + c]!)}`
            }
          />
          <span>input, channel {shownChannel}</span>
        </div>
        <OutputMapCell
          height={outH}
          width={outW}
          rgba={outputRgba}
          values={data.output}
          player={player}
          caption={`output, filter ${data.filter}`}
        />
      </div>
      <div className="explainer-row">
        {perChannel.map((c) => (
          <div key={c} className="explainer-row">
            <NumGrid
              caption={`patch, channel ${c}`}
              values={step.patch}
              height={kh}
              width={kw}
              stride={g.inChannels}
              offset={c}
              padded={step.padded}
            />
            <NumGrid
              caption={`kernel, channel ${c}`}
              values={data.kernel}
              height={kh}
              width={kw}
              stride={g.inChannels}
              offset={c}
            />
            <NumGrid
              caption={`products, channel ${c}: sum ${fmt(sums[c]!)}`}
              values={step.products}
              height={kh}
              width={kw}
              stride={g.inChannels}
              offset={c}
            />
          </div>
        ))}
      </div>
      <p className="explainer-sum">
        {full
          ? `${sums.map((s) => fmt(s)).join(' + ')}`
          : `sum over ${g.inChannels} channels (${sums
              .slice(0, 6)
              .map((s) => fmt(s))
              .join(' + ')} + …)`}{' '}
        = {fmt(step.sum)}; + bias {fmt(step.bias)} = {fmt(step.preActivation)}; {activationText}
      </p>
      <p
        className="explainer-sum"
        data-testid="explainer-output"
        data-row={player.row}
        data-col={player.col}
        data-value={plain(real)}
      >
        output ({player.row}, {player.col}) = {fmt(real)}, as the layer computes it
        {step.output !== null ? ` (step by step: ${fmt(step.output)})` : ''}
      </p>
    </section>
  );
}
