import type { Clock } from '../clock.js';
import type { PreviewText } from './preview-text.js';

/** Size budgets for one rendering; every field is optional in {@link PreviewRenderOptions}. */
export interface PreviewLimits {
  /** Text, HTML, markdown and traceback outputs are cut beyond this many UTF-8 bytes. */
  readonly maxOutputBytes: number;
  /** Larger images (decoded size) are replaced by a note. */
  readonly maxImageBytes: number;
  /** Cell sources (code and markdown) are cut beyond this many UTF-8 bytes. */
  readonly maxSourceBytes: number;
  /** Rendering stops after the cell during which this much wall time was used, with a note. */
  readonly maxRenderMs: number;
}

/**
 * Options of `renderNotebook`: any limit, the clock that measures `maxRenderMs`, and the
 * language of the notes (`en` by default, `de`).
 */
export type PreviewRenderOptions = Partial<PreviewLimits> & {
  readonly clock?: Clock;
  readonly lang?: string;
};

/** What every renderer of one rendering gets: the limits and the notes' language. */
export type PreviewRender = PreviewLimits & { readonly text: PreviewText };

/** 100 KB of text per output, 2 MB per image, 100 KB per cell source, 3 s per notebook. */
export const defaultPreviewLimits: PreviewLimits = Object.freeze({
  maxOutputBytes: 100 * 1024,
  maxImageBytes: 2 * 1024 * 1024,
  maxSourceBytes: 100 * 1024,
  maxRenderMs: 3000,
});

/** The defaults overridden by whichever options are given. */
export function previewLimits(options: PreviewRenderOptions = {}): PreviewLimits {
  const limits: Record<string, number> = { ...defaultPreviewLimits };
  for (const key of Object.keys(defaultPreviewLimits)) {
    const value: unknown = options[key as keyof PreviewLimits];
    if (typeof value === 'number' && value >= 0) limits[key] = value;
  }
  return limits as unknown as PreviewLimits;
}
