import { describe, expect, it } from 'vitest';
import { jpegHeader, pngHeader, webpHeader } from './image-fixtures.js';
import { sniffImage } from './media.js';

describe('sniffImage', () => {
  it('reads the type and size of PNG, JPEG and WebP headers', () => {
    expect(sniffImage(pngHeader(1280, 800))).toEqual({ type: 'png', width: 1280, height: 800 });
    expect(sniffImage(jpegHeader(1920, 1080))).toEqual({ type: 'jpeg', width: 1920, height: 1080 });
    expect(sniffImage(webpHeader(640, 400))).toEqual({ type: 'webp', width: 640, height: 400 });
  });

  it('goes by the bytes, not the name: text, GIF, SVG and truncated headers are not images', () => {
    const enc = new TextEncoder();
    expect(sniffImage(enc.encode('hello, I am a PNG'))).toBeUndefined();
    expect(sniffImage(enc.encode('GIF89a\u0001\u0000\u0001\u0000'))).toBeUndefined();
    expect(sniffImage(enc.encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImage(pngHeader(10, 10).subarray(0, 20))).toBeUndefined();
    expect(sniffImage(jpegHeader(10, 10).subarray(0, 12))).toBeUndefined();
    expect(sniffImage(new Uint8Array())).toBeUndefined();
  });

  it('does not loop or throw on hostile JPEG segment lengths', () => {
    const bytes = jpegHeader(100, 100);
    bytes[5] = 0; // APP0 length 0
    expect(sniffImage(bytes)).toBeUndefined();
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, ...new Array<number>(64).fill(0xff)]))).toBeUndefined();
  });
});
