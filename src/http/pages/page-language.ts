/**
 * The language of a hub page: the `lang` query parameter (the CKAN plugin passes CKAN's
 * current locale, e.g. `de` or `pt_BR`), else the best of the browser's
 * `Accept-Language`, else English. Only the primary subtag counts; languages the hub
 * has no text for are skipped.
 */
import type { FastifyRequest } from 'fastify';
import { pageTextDe } from './text-de.js';
import { pageText, type PageText } from './text.js';

const texts: Readonly<Record<string, PageText>> = { en: pageText, de: pageTextDe };
export const pageLanguages = Object.keys(texts);

function known(tag: string): string | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(texts, primary) ? primary : null;
}

export function pageLanguage(request: Pick<FastifyRequest, 'query' | 'headers'>): string {
  const lang = (request.query as Record<string, unknown> | undefined)?.lang;
  if (typeof lang === 'string' && lang.length <= 35) {
    const chosen = known(lang);
    if (chosen) return chosen;
  }
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((a) => a.q > 0 && Number.isFinite(a.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of accepted) {
    const chosen = known(tag);
    if (chosen) return chosen;
  }
  return 'en';
}

/** The page text in the request's language. */
export function textFor(request: Pick<FastifyRequest, 'query' | 'headers'>): PageText {
  return texts[pageLanguage(request)] ?? pageText;
}
