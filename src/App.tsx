// Composition only: the shell and one component per section.
import { AppShell } from './ui/shell/AppShell';
import { ModelSection } from './ui/model/ModelSection';
import { DataSection } from './ui/data/DataSection';
import { TrainSection } from './ui/train/TrainSection';
import { InspectSection } from './ui/inspect/InspectSection';
import { RunsSection } from './ui/runs/RunsSection';

export function App() {
  return (
    <AppShell
      sections={{
        data: <DataSection />,
        model: <ModelSection />,
        train: <TrainSection />,
        inspect: <InspectSection />,
        runs: <RunsSection />,
      }}
    />
  );
}
