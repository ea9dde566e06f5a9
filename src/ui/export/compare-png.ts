// A comparison as one PNG: both overlaid charts side by side, then the runs'
// scores and the settings that differ, as the Runs section shows them.
import { chartToPng } from './chart-png';

export interface CompareTable {
  title: string;
  header: string[];
  rows: string[][];
}

const PAD = 16;
const ROW = 22;
const SCALE = 2;

async function blobImage(blob: Blob): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(blob);
  try {
    return await new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = () => reject(new Error('A chart could not be drawn as an image.'));
      img.src = url;
    });
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** `charts`: the compare-chart figures (loss, accuracy); `tables`: the score table and the diff table. */
export async function comparisonToPng(charts: HTMLElement[], titles: string[], tables: CompareTable[]): Promise<Blob> {
  const images = await Promise.all(charts.map(async (c, i) => blobImage(await chartToPng(c, titles[i] ?? ''))));
  // chartToPng draws at 2x: lay the charts out at their CSS size.
  const sizes = images.map((img) => ({ w: img.naturalWidth / SCALE, h: img.naturalHeight / SCALE }));
  const chartsWidth = sizes.reduce((a, s) => a + s.w, 0) + PAD * (sizes.length - 1);
  const chartsHeight = Math.max(0, ...sizes.map((s) => s.h));
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) throw new Error('This browser cannot draw on a canvas.');
  measure.font = '13px system-ui, sans-serif';
  const colWidths = tables.map((t) =>
    t.header.map((_, c) =>
      Math.min(420, 16 + Math.max(...[t.header, ...t.rows].map((r) => measure.measureText(r[c] ?? '').width))),
    ),
  );
  const tablesWidth = Math.max(0, ...colWidths.map((w) => w.reduce((a, b) => a + b, 0)));
  const width = Math.ceil(Math.max(chartsWidth, tablesWidth) + PAD * 2);
  const tablesHeight = tables.reduce((a, t) => a + ROW * (t.rows.length + 2) + PAD, 0);
  const height = Math.ceil(PAD + chartsHeight + PAD + tablesHeight);
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  let x = PAD;
  images.forEach((img, i) => {
    ctx.drawImage(img, x, PAD, sizes[i]!.w, sizes[i]!.h);
    x += sizes[i]!.w + PAD;
  });
  let y = PAD + chartsHeight + PAD;
  ctx.textBaseline = 'middle';
  tables.forEach((t, ti) => {
    ctx.fillStyle = '#1a1a1a';
    ctx.font = 'bold 14px system-ui, sans-serif';
    ctx.fillText(t.title, PAD, y + ROW / 2);
    y += ROW;
    [t.header, ...t.rows].forEach((row, r) => {
      ctx.font = r === 0 ? 'bold 13px system-ui, sans-serif' : '13px system-ui, sans-serif';
      ctx.fillStyle = '#333333';
      let cx = PAD;
      row.forEach((cell, c) => {
        const w = colWidths[ti]![c]!;
        let text = cell;
        while (text.length > 1 && ctx.measureText(text).width > w - 12) text = text.slice(0, -2) + '…';
        ctx.fillText(text, cx, y + ROW / 2);
        cx += w;
      });
      ctx.strokeStyle = '#dde1ec';
      ctx.beginPath();
      ctx.moveTo(PAD, y + ROW);
      ctx.lineTo(PAD + colWidths[ti]!.reduce((a, b) => a + b, 0), y + ROW);
      ctx.stroke();
      y += ROW;
    });
    y += PAD;
  });
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('The comparison could not be saved as PNG.'))),
      'image/png',
    ),
  );
}
