/**
 * Raster images become `data:` URIs, the only image source the preview's CSP allows.
 * The payload is checked to be well-formed base64 whose first bytes carry the magic
 * number of the claimed type, so a mislabelled or garbled output shows a note instead.
 */

/** The image types the preview embeds as `data:` URIs (SVG is handled apart). */
export const rasterImageMimes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export type RasterImageMime = (typeof rasterImageMimes)[number];

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;

const magic: Record<RasterImageMime, (head: Buffer) => boolean> = {
  'image/png': (h) =>
    h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff,
  'image/gif': (h) => /^GIF8[79]a/.test(h.subarray(0, 6).toString('latin1')),
  'image/webp': (h) =>
    h.subarray(0, 4).toString('latin1') === 'RIFF' &&
    h.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** True when `mime` is one of {@link rasterImageMimes}. */
export function isRasterImageMime(mime: string): mime is RasterImageMime {
  return (rasterImageMimes as readonly string[]).includes(mime);
}

/**
 * The canonical `data:<mime>;base64,…` URI for a base64 payload (whitespace, as nbformat
 * stores it, removed), or `undefined` when it is not valid base64 of that image type.
 */
export function rasterImageDataUri(mime: RasterImageMime, base64: string): string | undefined {
  const compact = base64.replace(/[\t\n\f\r ]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !base64Pattern.test(compact)) {
    return undefined;
  }
  const head = Buffer.from(compact.slice(0, 16), 'base64');
  return magic[mime](head) ? `data:${mime};base64,${compact}` : undefined;
}

/** Decoded size in bytes of a canonical base64 data URI's payload. */
export function dataUriPayloadBytes(uri: string): number {
  const payload = uri.slice(uri.indexOf(',') + 1);
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding;
}

/**
 * Accepts a `data:` URI written in HTML (an `<img src>`) only when it is a base64 raster
 * image from the allow-list; returns it canonicalized, or `undefined`.
 */
export function allowedImageDataUri(uri: string): string | undefined {
  const match = /^\s*data:(image\/[a-z]+);base64,([\s\S]*)$/i.exec(uri);
  if (!match) return undefined;
  const mime = match[1].toLowerCase();
  return isRasterImageMime(mime) ? rasterImageDataUri(mime, match[2]) : undefined;
}
