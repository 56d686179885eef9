/**
 * Draws the AgentDesk headset mark and writes manifest/color.png (192x192) and
 * manifest/outline.png (32x32). Run once with `npx tsx manifest/make-icons.ts`;
 * the PNGs are checked in, so packaging never depends on this script. Importing it writes files,
 * so nothing should import it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng, type RgbaImage } from './png.js';

// Brand colour: keep equal to accentColor in manifest.json.
const BRAND_RGB = [0x0f, 0x6e, 0x8c] as const;

type Shape = (x: number, y: number) => boolean;

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
  };

const capsule =
  (ax: number, ay: number, bx: number, by: number, r: number): Shape =>
  (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= r * r;
  };

/** Headset in a unit square: headband arc, two ear cups, a boom ending in a microphone dot. */
const headset: Shape[] = [
  (x, y) => y <= 0.5 && circle(0.5, 0.5, 0.4)(x, y) && !circle(0.5, 0.5, 0.31)(x, y),
  roundedRect(0.04, 0.42, 0.27, 0.76, 0.08),
  roundedRect(0.73, 0.42, 0.96, 0.76, 0.08),
  capsule(0.84, 0.74, 0.84, 0.8, 0.045),
  capsule(0.84, 0.8, 0.62, 0.92, 0.045),
  circle(0.56, 0.92, 0.08),
];

/** Fraction of a pixel covered by the mark, sampled 4x4 so edges are anti-aliased. */
function coverage(px: number, py: number, size: number, box: number): number {
  const inset = (size - box) / 2;
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = (px + (sx + 0.5) / 4 - inset) / box;
      const y = (py + (sy + 0.5) / 4 - inset) / box;
      if (headset.some((shape) => shape(x, y))) hits++;
    }
  }
  return hits / 16;
}

/** Renders the mark in white over `background` (null: fully transparent). */
function drawIcon(size: number, box: number, background: readonly number[] | null): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, box);
      const i = (y * size + x) * 4;
      if (background === null) {
        // Teams' outline rule: RGB is always pure white; only alpha varies.
        data.set([255, 255, 255, Math.round(c * 255)], i);
        if (c === 0) data.set([0, 0, 0, 0], i);
      } else {
        const mix = (b: number) => Math.round(b + (255 - b) * c);
        data.set([mix(background[0] ?? 0), mix(background[1] ?? 0), mix(background[2] ?? 0), 255], i);
      }
    }
  }
  return { width: size, height: size, data };
}

const dir = import.meta.dirname;
// Symbol fills ~60% of the colour icon (Teams centres it on the tile) and ~88% of the outline.
writeFileSync(join(dir, 'color.png'), encodePng(drawIcon(192, 116, BRAND_RGB)));
writeFileSync(join(dir, 'outline.png'), encodePng(drawIcon(32, 28, null)));
console.log('wrote manifest/color.png and manifest/outline.png');
