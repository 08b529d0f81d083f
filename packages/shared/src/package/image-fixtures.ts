// Test fixtures: the smallest headers of PNG, JPEG and WebP images of a given size (enough for
// sniffImage; the pixel data is absent). Used by tests only.
function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}
function le24(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
}
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function pngHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...be32(13),
    ...ascii('IHDR'),
    ...be32(width),
    ...be32(height),
    8,
    6,
    0,
    0,
    0,
    ...be32(0),
  ]);
}

export function jpegHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    // APP0 (JFIF), 16 bytes.
    0xff,
    0xe0,
    0,
    16,
    ...ascii('JFIF'),
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    // SOF2 (progressive): length 17, precision 8, height, width, 3 components.
    0xff,
    0xc2,
    0,
    17,
    8,
    (height >> 8) & 255,
    height & 255,
    (width >> 8) & 255,
    width & 255,
    3,
    ...new Array<number>(9).fill(0),
  ]);
}

export function webpHeader(width: number, height: number): Uint8Array {
  return Uint8Array.from([
    ...ascii('RIFF'),
    ...[22, 0, 0, 0],
    ...ascii('WEBP'),
    ...ascii('VP8X'),
    ...[10, 0, 0, 0],
    ...[0, 0, 0, 0],
    ...le24(width - 1),
    ...le24(height - 1),
  ]);
}
