import { describe, expect, it } from 'vitest';
import { makePng } from '../../test/png.js';
import { DEFAULT_FILE_TYPES } from '../config/files-config.js';
import { cleanFileName } from './file-service.js';
import { imageSize } from './image-size.js';
import { acceptsType, checkUpload, sniffType } from './sniff-upload.js';

const limits = { enabled: true, maxBytes: 1000, types: [...DEFAULT_FILE_TYPES] };
const GIF = Buffer.from('R0lGODlhAwACAIAAAP///wAAACH5BAEAAAAALAAAAAADAAIAAAICRAEAOw==', 'base64');
const text = (s: string) => new TextEncoder().encode(s);

describe('sniffing an upload', () => {
  it('takes the type from the bytes, whatever the name or the client says', async () => {
    expect(await sniffType(makePng(2, 2, [0, 0, 0]))).toBe('image/png');
    expect(await sniffType(GIF)).toBe('image/gif');
    expect(await sniffType(text('%PDF-1.4\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    // HTML and SVG are text: they are never images, and never served inline.
    expect(await sniffType(text('<html><script>alert(1)</script></html>'))).toBe('text/plain');
    expect(
      await sniffType(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).not.toMatch(/^image\//);
    expect(await sniffType(new Uint8Array([0, 1, 2, 3, 250, 251]))).toBe('application/octet-stream');
  });

  it('reads an image size from its header', async () => {
    expect(await checkUpload(limits, makePng(40, 30, [1, 2, 3]))).toEqual({
      ok: true,
      value: { type: 'image/png', width: 40, height: 30 },
    });
    expect(await checkUpload(limits, GIF)).toEqual({
      ok: true,
      value: { type: 'image/gif', width: 3, height: 2 },
    });
  });

  it('reads JPEG and WebP sizes from their headers, and nothing from a header cut short', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof0 = [
      0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x20, 0x00, 0x40, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    ];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app0, ...sof0]);
    expect(imageSize(jpeg, 'image/jpeg')).toEqual({ width: 64, height: 32 });
    const webp = new Uint8Array(30);
    webp.set(Buffer.from('RIFF'), 0);
    webp.set(Buffer.from('WEBPVP8X'), 8);
    webp.set([99, 0, 0, 49, 0, 0], 24); // 100 × 50, each stored less one
    expect(imageSize(webp, 'image/webp')).toEqual({ width: 100, height: 50 });
    expect(imageSize(jpeg.subarray(0, 12), 'image/jpeg')).toBeUndefined();
    expect(imageSize(new Uint8Array(10), 'image/png')).toBeUndefined();
  });

  it('refuses past the size limit, an empty file, a type not accepted, a site without files', async () => {
    expect(await checkUpload(limits, makePng(4, 4, [0, 0, 0], 1000))).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large', message: 'Files are limited to 0 MB' },
    });
    expect(await checkUpload(limits, new Uint8Array())).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await checkUpload(limits, new Uint8Array([0, 1, 2, 3]))).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_payload',
        message: 'Files of type application/octet-stream are not accepted here',
      },
    });
    expect(await checkUpload({ ...limits, types: ['image/*'] }, text('hello'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await checkUpload({ ...limits, enabled: false }, GIF)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('accepts types by name or by family', () => {
    expect(acceptsType(['image/*'], 'image/webp')).toBe(true);
    expect(acceptsType(['image/*'], 'text/plain')).toBe(false);
    expect(acceptsType(['application/pdf'], 'application/pdf')).toBe(true);
  });

  it('keeps a file name a name: no path, no control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\ada\\shot.png')).toBe('shot.png');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    // A name that would show reversed ("exe.png") keeps its real order, and a long one is cut.
    expect(cleanFileName('\u202Egnp.exe')).toBe('gnp.exe');
    expect(cleanFileName('a\u2066b\u2069\u200F.txt')).toBe('ab.txt');
    expect(cleanFileName(`${'x'.repeat(3000)}.txt`)).toHaveLength(200);
    expect(cleanFileName(undefined)).toBe('file');
  });
});
