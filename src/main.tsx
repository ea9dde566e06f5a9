import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './ui/styles.css';
import { ShareBanner } from './ui/export/ShareBanner';
import { watchShareLinks } from './ui/export/startup';
import { watchLessonLinks } from './ui/lessons/lesson-links';
import { startLab } from './store';
import { UpdateBanner } from './ui/offline/UpdateBanner';

void startLab();
watchShareLinks();
watchLessonLinks();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <UpdateBanner />
    <ShareBanner />
    <App />
  </StrictMode>,
);
