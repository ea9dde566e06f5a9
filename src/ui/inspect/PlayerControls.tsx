import { SPEEDS } from './usePlayer';

export function PlayerControls({
  player,
  stepTestId,
}: {
  player: { playing: boolean; speed: number; setSpeed: (s: number) => void; step: () => void; toggle: () => void };
  stepTestId: string;
}) {
  return (
    <div className="explainer-controls">
      <button type="button" onClick={player.toggle} aria-pressed={player.playing}>
        {player.playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" data-testid={stepTestId} onClick={player.step} disabled={player.playing}>
        Step
      </button>
      <label>
        Speed{' '}
        <select value={player.speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} per second
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
