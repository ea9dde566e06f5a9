// Max-pooling, one output pixel at a time: the window over one channel of the
// layer's input, the maximum it keeps (and where it sat), the output map
// filling in, and why the output has its size. The value shown is the layer's
// own output there (tfjs, in the worker); the window's maximum equals it
// (src/worker/inspect/pool-explain.test.ts).
import { useMemo } from 'react';
import type { PoolExplainData } from '../../client/types';
import { explainPool, poolOutputShape } from '../../model/explain-pool';
import { MapCanvas } from './MapCanvas';
import { OutputMapCell } from './OutputMapCell';
import { NumGrid } from './NumGrid';
import { PlayerControls } from './PlayerControls';
import { ChoiceField, indices } from '../common/ChoiceField';
import { usePlayer } from './use-player';
import { fmt, paint, plain, sequential } from './colour';
import './inspect.css';

export interface PoolExplainerProps {
  data: PoolExplainData;
  onChannelChange?: (channel: number) => void;
}

export function PoolExplainer({ data, onChannelChange }: PoolExplainerProps) {
  const g = data.geometry;
  const [ph, pw] = g.poolSize;
  const [outH, outW] = poolOutputShape(g);
  const player = usePlayer(outH, outW);
  const step = useMemo(
    () => explainPool(data.input, g, player.row, player.col),
    [data.input, g, player.row, player.col],
  );
  const real = data.output[player.row * outW + player.col]!;
  const [min, max] = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of data.input) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi];
  }, [data.input]);
  const inputRgba = useMemo(
    () => paint(data.input, g.inHeight, g.inWidth, (v) => sequential(v, min, max)),
    [data.input, g, min, max],
  );
  const reached = player.row * outW + player.col;
  const outputRgba = useMemo(
    () =>
      paint(
        Array.from(data.output, (v, i) => (i <= reached ? v : NaN)),
        outH,
        outW,
        (v) => (Number.isNaN(v) ? [200, 200, 200] : sequential(v, min, max)),
      ),
    [data.output, outH, outW, reached, min, max],
  );

  return (
    <section
      className="explainer"
      data-testid="pool-explainer"
      aria-label={`Max-pooling step by step: ${data.layer}, channel ${data.channel}`}
    >
      <p className="inspect-note">
        {data.layer}: a {ph}x{pw} window moves with stride {(g.strides ?? g.poolSize).join('x')} ({g.padding} padding)
        over each of the {data.channels} channels and keeps only the largest value. Output {outH}x{outW}, because{' '}
        {data.reason}.
      </p>
      <div className="explainer-controls">
        <PlayerControls player={player} stepTestId="pool-step" />
        {onChannelChange && (
          <ChoiceField
            label="Channel"
            value={data.channel}
            choices={indices(data.channels)}
            text={String}
            inline
            onChange={onChannelChange}
          />
        )}
      </div>
      <div className="explainer-row">
        <div className="inspect-cell">
          <MapCanvas
            height={g.inHeight}
            width={g.inWidth}
            rgba={inputRgba}
            size={200}
            boxes={[
              { top: step.top, left: step.left, height: ph, width: pw, colour: '#e8590c' },
              { top: step.maxRow, left: step.maxCol, height: 1, width: 1, colour: '#2b8a3e' },
            ]}
            label={`input channel ${data.channel}`}
            describe={(r, c) => `input (${r}, ${c}): ${fmt(data.input[r * g.inWidth + c]!)}`}
          />
          <span>input, channel {data.channel}</span>
        </div>
        <NumGrid
          caption="window (the maximum highlighted)"
          values={step.window}
          height={ph}
          width={pw}
          picked={step.maxIndex}
        />
        <OutputMapCell
          height={outH}
          width={outW}
          rgba={outputRgba}
          values={data.output}
          player={player}
          caption={`output, channel ${data.channel}`}
        />
      </div>
      <p
        className="explainer-sum"
        data-testid="pool-output"
        data-row={player.row}
        data-col={player.col}
        data-value={plain(real)}
      >
        output ({player.row}, {player.col}) = max of the window = {fmt(step.value)}, from input ({step.maxRow},{' '}
        {step.maxCol}); the layer computes {fmt(real)}
      </p>
    </section>
  );
}
