/**
 * The markup with which the launcher page shows a preview: a sandboxed iframe (no
 * `allow-scripts`, no `allow-same-origin`, so the content runs in an opaque origin with
 * no script even if the CSP were lost), sending no referrer. Popups are allowed, and escape
 * the sandbox, only so that links in the notebook open in a new tab.
 */
import { escapeHtml } from './escape-html.js';

/** `<iframe sandbox …>` for the preview at `src`; `title` labels it for assistive technology. */
export function previewFrame(src: string, title: string): string {
  return (
    `<iframe class="nb-preview-frame" sandbox="allow-popups allow-popups-to-escape-sandbox" src="${escapeHtml(src)}" title="${escapeHtml(title)}" ` +
    `referrerpolicy="no-referrer"></iframe>`
  );
}
