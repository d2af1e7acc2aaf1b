/** The result of cutting a text to a byte budget. */
export interface TruncatedText {
  readonly text: string;
  readonly truncated: boolean;
  /** Size of the whole text in UTF-8 bytes. */
  readonly totalBytes: number;
}

/**
 * Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. Budgets are in
 * bytes because that is what the page weighs and what the visitor's note reports.
 */
export function truncateUtf8(text: string, maxBytes: number): TruncatedText {
  const totalBytes = Buffer.byteLength(text, 'utf8');
  if (totalBytes <= maxBytes) return { text, truncated: false, totalBytes };
  let cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, maxBytes)).toString('utf8');
  // A multi-byte character cut in half decodes to U+FFFD at the end; drop it.
  if (cut.endsWith('\uFFFD') && !text.startsWith(cut)) cut = cut.slice(0, -1);
  return { text: cut, truncated: true, totalBytes };
}

/** `1.5 KB`, `2.0 MB`: sizes as the visitor reads them in truncation notes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
