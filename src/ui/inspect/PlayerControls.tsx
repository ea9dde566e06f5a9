import { SPEEDS } from './use-player';
import { ChoiceField } from '../common/ChoiceField';

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
      <ChoiceField
        label="Speed"
        value={player.speed}
        choices={SPEEDS}
        text={(s) => `${s} per second`}
        inline
        onChange={player.setSpeed}
      />
    </div>
  );
}
