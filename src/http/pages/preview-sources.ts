/**
 * What the static preview routes (src/preview/) need from this hub: notebooks of the
 * directory source by path, and CKAN resources and datasets' starter notebooks (always
 * fetched anonymously) when a CKAN source with a preview loader is configured. Frames: the hub itself (the launcher page)
 * and the origins allowed to frame the hub (CKAN's resource view frames the launcher).
 */
import { HubError } from '../../errors/hub-error.js';
import type { PreviewDeps, PreviewNotebook } from '../../preview/index.js';
import type { HubContext } from '../hub-context.js';

interface CkanPreviewSource {
  resolveForPreview(
    resourceId: string,
    signal: AbortSignal,
  ): Promise<{ title: string; content: Buffer }>;
}

export function previewSources(ctx: HubContext): PreviewDeps {
  return {
    limits: { maxBytes: ctx.config.notebookMaxBytes, maxDepth: ctx.config.notebookMaxDepth },
    frameAncestors: () => ["'self'", ...ctx.origins.frameAncestors],
    async load(kind, id, signal): Promise<PreviewNotebook> {
      if (kind === 'notebooks') {
        const resolved = await ctx.directory.resolve({ notebook: id });
        return { title: resolved.title, content: resolved.content };
      }
      const ckan = ctx.sources.find(
        (s) =>
          s.name === kind &&
          typeof (s as Partial<CkanPreviewSource>).resolveForPreview === 'function',
      ) as unknown as CkanPreviewSource | undefined;
      if (!ckan)
        throw new HubError('not_found', { message: 'This hub has no data portal configured.' });
      const preview = await ckan.resolveForPreview(id, signal);
      return { title: preview.title, content: preview.content };
    },
  };
}
