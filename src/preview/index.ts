/**
 * Safe static notebook previews: rendering, sanitizing, the preview page and its headers,
 * the sandboxed frame for the launcher, and the hub's preview routes.
 */
export { renderNotebook } from './render-notebook.js';
export {
  defaultPreviewLimits,
  type PreviewLimits,
  type PreviewRenderOptions,
} from './preview-limits.js';
export { sanitizeNotebookHtml } from './sanitize-notebook-html.js';
export { renderMarkdown } from './render-markdown.js';
export { previewDocument, type PreviewDocumentOptions } from './preview-document.js';
export { previewHeaders, frameAncestorsSources } from './preview-headers.js';
export { previewFrame } from './preview-frame.js';
export { previewCss, previewCssVersion } from './preview-css.js';
export { previewErrorPage } from './preview-error-page.js';
export { registerPreviewRoutes } from './register-preview-routes.js';
export type {
  PreviewAccess,
  PreviewDeps,
  PreviewNotebook,
  PreviewSourceKind,
} from './preview-deps.js';
