import { crc32, deflateSync, inflateSync } from 'node:zlib';

/** An 8-bit RGBA raster: `data` holds width * height * 4 bytes, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Thrown when bytes are not a PNG this module can read. */
export class PngFormatError extends Error {
  override name = 'PngFormatError';
}

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes an RGBA raster as a non-interlaced 8-bit truecolour+alpha PNG. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const stride = width * 4;
  // Filter type 0 (none) per row: icons are tiny, so smarter filters gain nothing.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, tail]);
}

/** Reads width and height from a PNG's IHDR without decoding pixels. */
export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(SIGNATURE)) {
    throw new PngFormatError('not a PNG file (bad signature)');
  }
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new PngFormatError('PNG does not start with IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** Channels per pixel for the 8-bit colour types we decode (grey, RGB, palette, grey+alpha, RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes an 8-bit, non-interlaced PNG (any colour type) to RGBA, checking chunk CRCs. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const { width, height } = readPngSize(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [depth, colourType, , , interlace] = buf.subarray(24, 29);
  const channels = CHANNELS[colourType ?? -1];
  if (depth !== 8 || channels === undefined || interlace !== 0) {
    throw new PngFormatError(`unsupported PNG (bit depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
  }
  const idat: Buffer[] = [];
  let palette: Uint8Array = new Uint8Array(0);
  let paletteAlpha: Uint8Array = new Uint8Array(0);
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== buf.readUInt32BE(at + 8 + length)) {
      throw new PngFormatError(`bad CRC in ${type} chunk`);
    }
    if (type === 'IDAT') idat.push(body);
    if (type === 'PLTE') palette = body;
    if (type === 'tRNS') paletteAlpha = body;
    at += 12 + length;
  }
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), width, height, channels);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    const rgba = toRgba(colourType ?? 6, p, palette, paletteAlpha);
    data.set(rgba, i * 4);
  }
  return { width, height, data };
}

function toRgba(colourType: number, p: Uint8Array, palette: Uint8Array, alpha: Uint8Array): number[] {
  const [a = 0, b = 0, c = 0, d = 255] = p;
  if (colourType === 0) return [a, a, a, 255];
  if (colourType === 2) return [a, b, c, 255];
  if (colourType === 4) return [a, a, a, b];
  if (colourType === 3) return [palette[a * 3] ?? 0, palette[a * 3 + 1] ?? 0, palette[a * 3 + 2] ?? 0, alpha[a] ?? 255];
  return [a, b, c, d];
}

/** Reverses PNG's per-row filters (none, sub, up, average, Paeth). */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const up = y > 0 ? (out[row - stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= bpp ? (out[row - stride + x - bpp] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? 0];
      if (predictor === undefined) throw new PngFormatError(`unknown PNG filter ${filter}`);
      out[row + x] = ((src[x] ?? 0) + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
