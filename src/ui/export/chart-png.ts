// A training chart as a PNG: the recharts SVG, with its computed styles
// inlined (CSS variables do not travel with a serialised SVG), drawn on a
// canvas with a white background, a title and the legend (which recharts
// renders as HTML beside the SVG).
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
];
const TITLE_HEIGHT = 34;
const LEGEND_HEIGHT = 26;
const SCALE = 2;

function inlineStyles(source: Element, target: Element) {
  const from = [source, ...source.querySelectorAll('*')];
  const to = [target, ...target.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    to[i]?.setAttribute('style', STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  });
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    img.src = url;
  });
}

export async function chartToPng(figure: HTMLElement, title: string): Promise<Blob> {
  // The plot's own surface, not the legend's little icons (also recharts-surface SVGs).
  const svg = [...figure.querySelectorAll('svg.recharts-surface')].find((s) => !s.closest('.recharts-legend-wrapper'));
  if (!(svg instanceof SVGSVGElement)) throw new Error('The chart has no curves yet.');
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: 'image/svg+xml' }));
  try {
    const img = await loadImage(url);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * SCALE);
    canvas.height = Math.ceil((height + TITLE_HEIGHT + LEGEND_HEIGHT) * SCALE);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.scale(SCALE, SCALE);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height + TITLE_HEIGHT + LEGEND_HEIGHT);
    ctx.fillStyle = '#1a1a1a';
    ctx.font = 'bold 16px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 12, TITLE_HEIGHT / 2);
    ctx.drawImage(img, 0, TITLE_HEIGHT, width, height);
    // The legend: one coloured swatch and name per line.
    let x = 12;
    ctx.font = '12px system-ui, sans-serif';
    for (const item of figure.querySelectorAll('.recharts-legend-item')) {
      const mark = item.querySelector('path, line, rect');
      const colour = mark ? getComputedStyle(mark).stroke || getComputedStyle(mark).fill : '#888';
      const label = item.textContent?.trim() ?? '';
      ctx.fillStyle = colour && colour !== 'none' ? colour : '#888';
      ctx.fillRect(x, height + TITLE_HEIGHT + LEGEND_HEIGHT / 2 - 2, 14, 4);
      ctx.fillStyle = '#333333';
      ctx.fillText(label, x + 20, height + TITLE_HEIGHT + LEGEND_HEIGHT / 2);
      x += 28 + ctx.measureText(label).width;
    }
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The chart could not be saved as PNG.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
