import { decodePng, readPngSize } from './png.js';

/** Teams' required pixel size per manifest icon slot (square). */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** A manifest icon slot we check. */
export type IconSlot = keyof typeof ICON_SIZES;

/**
 * Problems with one icon file: not a PNG, the wrong size, or for the outline icon a pixel that is
 * neither white (#FFFFFF at any alpha, so anti-aliased edges pass) nor fully transparent.
 */
export function checkIcon(slot: IconSlot, file: string, bytes: Uint8Array): string[] {
  const want = ICON_SIZES[slot];
  let size: { width: number; height: number };
  try {
    size = readPngSize(bytes);
  } catch (error) {
    return [`${file}: ${(error as Error).message}`];
  }
  if (size.width !== want || size.height !== want) {
    return [`${file}: ${slot} icon must be ${want}x${want}, is ${size.width}x${size.height}`];
  }
  if (slot !== 'outline') return [];
  const bad = nonWhitePixels(bytes);
  return bad.count === 0 ? [] : [`${file}: outline icon must be white on transparent; ${bad.count} pixels are not (first at ${bad.first})`];
}

/** Counts pixels that are visible (alpha > 0) but not pure white. */
export function nonWhitePixels(bytes: Uint8Array): { count: number; first: string | null } {
  const { width, data } = decodePng(bytes);
  let count = 0;
  let first: string | null = null;
  for (let i = 0; i < data.length; i += 4) {
    const visible = (data[i + 3] ?? 0) > 0;
    const white = data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255;
    if (visible && !white) {
      count++;
      first ??= `x=${(i / 4) % width}, y=${Math.floor(i / 4 / width)}`;
    }
  }
  return { count, first };
}
