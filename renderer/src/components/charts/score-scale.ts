/**
 * Colour scale of scores (0–100) for grid cells and legends: red → amber → green, as pale tints so
 * dark text on top keeps a WCAG AA contrast (≥ 4.5:1) whatever the score. Stops are fixed (not
 * relative to the data) so a colour means the same score in every view and every edition.
 */

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Score stops and their tints: ≤ 50 red, 70 amber, ≥ 90 green, linear in between. */
export const SCORE_STOPS: ReadonlyArray<{ score: number; color: string }> = [
  { score: 50, color: '#f6c9c4' },
  { score: 70, color: '#fbe3a6' },
  { score: 90, color: '#bfe3c8' },
];

/** Text colour used on every tint (contrast checked against each stop in the unit test). */
export const SCORE_TEXT_COLOR = '#1b2330';

function parseHex(hex: string): Rgb {
  const value = hex.replace('#', '');
  return {
    r: parseInt(value.slice(0, 2), 16),
    g: parseInt(value.slice(2, 4), 16),
    b: parseInt(value.slice(4, 6), 16),
  };
}

function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return { r: a.r + (b.r - a.r) * t, g: a.g + (b.g - a.g) * t, b: a.b + (b.b - a.b) * t };
}

/** Background tint for a score; `null` (no score) gets no colour. */
export function scoreColor(score: number | null | undefined): string | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  const first = SCORE_STOPS[0];
  const last = SCORE_STOPS[SCORE_STOPS.length - 1];
  if (!first || !last) return null;
  if (score <= first.score) return first.color;
  if (score >= last.score) return last.color;
  for (let i = 1; i < SCORE_STOPS.length; i += 1) {
    const lo = SCORE_STOPS[i - 1];
    const hi = SCORE_STOPS[i];
    if (lo && hi && score <= hi.score) {
      const t = (score - lo.score) / (hi.score - lo.score);
      return toHex(mix(parseHex(lo.color), parseHex(hi.color), t));
    }
  }
  return last.color;
}

function channelLuminance(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const { r, g, b } = parseHex(hex);
  return 0.2126 * channelLuminance(r) + 0.7152 * channelLuminance(g) + 0.0722 * channelLuminance(b);
}

/** WCAG contrast ratio between two `#rrggbb` colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
