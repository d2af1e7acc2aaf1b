/**
 * The markup with which the launcher page shows a preview: a fully sandboxed iframe (no
 * `allow-scripts`, no `allow-same-origin`, so the content runs in an opaque origin with
 * no script even if the CSP were lost), sending no referrer.
 */
import { escapeHtml } from './escape-html.js';

/** `<iframe sandbox …>` for the preview at `src`; `title` labels it for assistive technology. */
export function previewFrame(src: string, title: string): string {
  return (
    `<iframe class="nb-preview-frame" sandbox src="${escapeHtml(src)}" title="${escapeHtml(title)}" ` +
    `referrerpolicy="no-referrer"></iframe>`
  );
}
