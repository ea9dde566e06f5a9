import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './ui/styles.css';
import { ShareBanner } from './ui/export/ShareBanner';
import { watchShareLinks } from './ui/export/startup';

watchShareLinks();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ShareBanner />
    <App />
  </StrictMode>,
);
