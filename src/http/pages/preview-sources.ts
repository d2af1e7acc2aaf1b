/**
 * What the static preview routes (src/preview/) need from this hub: notebooks of the
 * directory source by path, CKAN resources (anonymously, or for the user a launch ticket
 * or a preview grant vouches for) and datasets' starter notebooks (anonymously, or for the
 * user a preview grant for `dataset:<ref>` vouches for) when a
 * CKAN source with a preview loader is configured. Frames: the hub itself (the launcher page)
 * and the origins allowed to frame the hub (CKAN's resource view frames the launcher).
 */
import { HubError } from '../../errors/hub-error.js';
import { previewGrantsFor } from '../../identity/preview-grant.js';
import type { PreviewAccess, PreviewDeps, PreviewNotebook } from '../../preview/index.js';
import type { HubContext } from '../hub-context.js';
import { datasetGrantSubject } from './ckan-dataset-run-page.js';

interface CkanPreviewSource {
  /** `user`: the CKAN user to ask as (null: anonymously); sources that only preview
   *  public data ignore it. */
  resolveForPreview(
    id: string,
    signal: AbortSignal,
    user: string | null,
    lang?: string,
  ): Promise<{ title: string; content: Buffer }>;
}

export function previewSources(ctx: HubContext): PreviewDeps {
  return {
    limits: { maxBytes: ctx.config.notebookMaxBytes, maxDepth: ctx.config.notebookMaxDepth },
    frameAncestors: () => ["'self'", ...ctx.origins.frameAncestors],
    async load(kind, id, signal, access = {}, lang): Promise<PreviewNotebook> {
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
      // A dataset's starter: anonymously, or as the user a grant for `dataset:<ref>` names.
      const user =
        kind === 'ckan'
          ? previewUser(ctx, id, access)
          : kind === 'ckan-dataset' && access.grant
            ? checkGrant(ctx, access.grant, datasetGrantSubject(id))
            : null;
      const preview = await ckan.resolveForPreview(id, signal, user, lang);
      return { title: preview.title, content: preview.content };
    },
  };
}

/** The CKAN user a grant or a ticket vouches for (a ticket is spent); null: anonymous. */
function previewUser(ctx: HubContext, resourceId: string, access: PreviewAccess): string | null {
  if (access.grant) {
    const user = checkGrant(ctx, access.grant, resourceId);
    if (user !== null) return user;
  }
  if (access.ticket && ctx.ckan) {
    try {
      return ctx.ckan.vouch(access.ticket, resourceId);
    } catch {
      return null; // An unusable ticket: the preview is what a guest may see.
    }
  }
  return null;
}

function checkGrant(ctx: HubContext, grant: string, subject: string): string | null {
  const now = Math.floor(ctx.clock.wallMs() / 1000);
  return previewGrantsFor(ctx.secrets.cookieKey).check(grant, subject, now);
}
