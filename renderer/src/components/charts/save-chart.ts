/**
 * Saving a chart as a file: PNG from the live canvas (pixel ratio 2, white background), SVG from
 * an offscreen server-side-rendering instance of the same option. Both get the chart's title drawn
 * above it, so an image pasted in a client's slides says what it shows. The file leaves through a
 * blob URL on a download link: the same works in a browser and in Electron's renderer.
 */
import { echarts, BAROMETER_THEME_NAME, type ChartOption } from './echarts-setup.js';
import { ROLE_COLORS } from './chart-theme.js';

const TITLE_BAND = 44;
const TITLE_FONT = "600 16px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Triggers the browser's download of a blob under `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: Chromium reads the blob asynchronously after the click.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** PNG bytes of the live chart with its title above, at twice the screen resolution. */
export async function chartToPngBlob(chart: echarts.ECharts, title: string): Promise<Blob> {
  const pixelRatio = 2;
  const rendered = chart.renderToCanvas({ pixelRatio, backgroundColor: '#fff' });
  const canvas = document.createElement('canvas');
  canvas.width = rendered.width;
  canvas.height = rendered.height + TITLE_BAND * pixelRatio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D indisponible');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = ROLE_COLORS.text;
  ctx.font = TITLE_FONT;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 16, TITLE_BAND / 2, rendered.width / pixelRatio - 32);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(rendered, 0, TITLE_BAND * pixelRatio);
  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Export PNG impossible'))), 'image/png');
  });
}

/** SVG text of `option` rendered offscreen at `width` × `height`, with the title above. */
export function chartToSvgString(option: ChartOption, title: string, width: number, height: number): string {
  const offscreen = echarts.init(null, BAROMETER_THEME_NAME, { renderer: 'svg', ssr: true, width, height });
  try {
    offscreen.setOption({ ...option, animation: false });
    const inner = offscreen.renderToSVGString();
    const placed = inner.replace(/^<svg\b/, `<svg x="0" y="${TITLE_BAND}"`);
    const total = height + TITLE_BAND;
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">`,
      `<rect width="100%" height="100%" fill="#fff"/>`,
      `<text x="16" y="${TITLE_BAND / 2}" dominant-baseline="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="16" font-weight="600" fill="${ROLE_COLORS.text}">${escapeXml(title)}</text>`,
      placed,
      '</svg>',
    ].join('');
  } finally {
    offscreen.dispose();
  }
}
