// Dropping a folder anywhere on the page loads it (while the Data section is open).
import { useEffect, useState } from 'react';
import { useLab } from '../../store';
import { droppedEntries, fromDroppedEntries } from './folder-files';

export function useFolderDrop(): { dragging: boolean; reading: number | null } {
  const [dragging, setDragging] = useState(false);
  const [reading, setReading] = useState<number | null>(null);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const entries = droppedEntries(e.dataTransfer);
      if (entries.length === 0 || useLab.getState().dataLock) {
        useLab.getState().loadFolder([]); // shows the lock reason when locked
        return;
      }
      setReading(0);
      fromDroppedEntries(entries, setReading)
        .then((files) => useLab.getState().loadFolder(files))
        .finally(() => setReading(null));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return { dragging, reading };
}
