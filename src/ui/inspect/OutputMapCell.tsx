// The output map of a step-by-step explainer: the pixel being explained is
// boxed, and a click (or the arrow keys) jumps the explainer there. Shared by
// the convolution and the max-pool views.
import { MapCanvas } from './MapCanvas';
import type { usePlayer } from './use-player';
import { fmt } from './colour';

interface Props {
  height: number;
  width: number;
  rgba: Uint8ClampedArray;
  values: ArrayLike<number>;
  player: ReturnType<typeof usePlayer>;
  caption: string;
}

export function OutputMapCell({ height, width, rgba, values, player, caption }: Props) {
  return (
    <div className="inspect-cell">
      <MapCanvas
        height={height}
        width={width}
        rgba={rgba}
        size={200}
        boxes={[{ top: player.row, left: player.col, height: 1, width: 1, colour: '#e8590c' }]}
        label="output map: click a pixel (or use the arrow keys) to explain it"
        describe={(r, c) => `output (${r}, ${c}): ${fmt(values[r * width + c]!)}`}
        onPick={(r, c) => player.jump(r, c)}
        current={[player.row, player.col]}
      />
      <span>{caption}</span>
    </div>
  );
}
