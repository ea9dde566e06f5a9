// Play / Pause / Step through output positions in reading order, for the
// explainers. Playing stops at the last position; Step wraps to the first.
import { useEffect, useState } from 'react';
import { nextPosition } from '../../model/explain-conv';

export const SPEEDS = [1, 2, 5, 10, 30] as const;

export function usePlayer(outH: number, outW: number) {
  const [pos, setPos] = useState<[number, number]>([0, 0]);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(2);
  const [size, setSize] = useState(`${outH}x${outW}`);
  if (size !== `${outH}x${outW}`) {
    // A new layer or filter of another size: start over.
    setSize(`${outH}x${outW}`);
    setPos([0, 0]);
    setPlaying(false);
  }
  const row = Math.min(pos[0], Math.max(0, outH - 1));
  const col = Math.min(pos[1], Math.max(0, outW - 1));
  const last = row === outH - 1 && col === outW - 1;
  // Playing stops by itself on the last position.
  const running = playing && !last;

  useEffect(() => {
    if (!running) return;
    const id = setTimeout(() => setPos(nextPosition(row, col, outH, outW)), 1000 / speed);
    return () => clearTimeout(id);
  }, [running, row, col, outH, outW, speed]);

  return {
    row,
    col,
    playing: running,
    speed,
    setSpeed,
    jump: (r: number, c: number) => setPos([r, c]),
    step: () => setPos(nextPosition(row, col, outH, outW)),
    toggle: () => {
      if (running) return setPlaying(false);
      if (last) setPos([0, 0]);
      setPlaying(true);
    },
  };
}
