/**
 * Where a preview page finds its stylesheet, as a path relative to the page, so the link
 * holds whatever base path the hub is mounted under (behind a proxy or not).
 */
import { previewCssVersion } from './preview-css.js';

/** Route of the stylesheet, relative to the preview plugin's prefix. */
export const previewCssRoute = '/preview/preview.css';

/**
 * The relative href of the stylesheet for a page at `rawPath` (the request path, still
 * percent-encoded), served by a route whose fixed part ends in `marker`, e.g.
 * `/preview/notebooks/`: one `../` per path segment after the marker.
 */
export function stylesheetHref(rawPath: string, marker: string): string {
  const at = rawPath.indexOf(marker);
  const depth = at < 0 ? 1 : rawPath.slice(at + marker.length).split('/').length;
  return `${'../'.repeat(depth)}preview.css?v=${previewCssVersion}`;
}
