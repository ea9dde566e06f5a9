// The page frame: brand, section tabs (nav-<section> in the test contract) and
// the open section. Arrow keys move between tabs, as WAI-ARIA tabs do.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useLab } from '../../store';
import { SECTIONS, type Section } from '../../store/ui-slice';
import { LessonsPanel } from '../lessons/LessonsPanel';
import { LessonsToggle } from '../lessons/LessonsToggle';
import { ProjectFile } from './ProjectFile';

const LABELS: Record<Section, string> = {
  data: 'Data',
  model: 'Model',
  train: 'Train',
  inspect: 'Inspect',
  runs: 'Runs',
};

export function AppShell({ sections }: { sections: Record<Section, ReactNode> }) {
  const section = useLab((s) => s.section);
  const setSection = useLab((s) => s.setSection);
  const lessonsOpen = useLab((s) => s.lessonOpen);
  const tabs = useRef<Partial<Record<Section, HTMLButtonElement | null>>>({});

  const onKeyDown = (e: KeyboardEvent) => {
    // From the focused tab (WAI-ARIA), which need not be the open one.
    const focused = SECTIONS.find((s) => tabs.current[s] === e.target);
    const i = SECTIONS.indexOf(focused ?? section);
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    let next: Section | undefined;
    if (delta) next = SECTIONS[(i + delta + SECTIONS.length) % SECTIONS.length];
    if (e.key === 'Home') next = SECTIONS[0];
    if (e.key === 'End') next = SECTIONS[SECTIONS.length - 1];
    if (!next) return;
    e.preventDefault();
    setSection(next);
    tabs.current[next]?.focus();
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-name">Convnet Lab</span>
          <span className="brand-tag">Everything runs in your browser. Your images never leave this machine.</span>
        </div>
        <nav className="tabs" role="tablist" aria-label="Lab sections" onKeyDown={onKeyDown}>
          {SECTIONS.map((s) => (
            <button
              key={s}
              ref={(el) => {
                tabs.current[s] = el;
              }}
              role="tab"
              id={`tab-${s}`}
              aria-selected={section === s}
              aria-controls={`panel-${s}`}
              tabIndex={section === s ? 0 : -1}
              data-testid={`nav-${s}`}
              className="tab"
              onClick={() => setSection(s)}
            >
              {LABELS[s]}
            </button>
          ))}
        </nav>
        <ProjectFile />
        <LessonsToggle />
      </header>
      <div className="app-body">
        <main className="app-main" role="tabpanel" id={`panel-${section}`} aria-labelledby={`tab-${section}`}>
          {sections[section]}
        </main>
        {lessonsOpen && <LessonsPanel />}
      </div>
    </div>
  );
}
