/** Parsers of URLs: an absolute http(s) URL, and the hub's URL path prefix. */
import { fail, type Parser } from './parser.js';

/** An absolute http(s) URL, or null when empty. */
export function optionalUrl(): Parser<string | null> {
  return {
    kind: 'http(s) URL (optional)',
    parse(raw) {
      if (raw === null || raw === undefined || raw === '') return null;
      if (typeof raw !== 'string') return fail('must be a URL');
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail('must be an absolute http(s) URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        fail('must be an absolute http(s) URL');
      return url.href;
    },
  };
}

/** A URL path prefix such as `/` or `/jupyter/`, normalised to start and end with `/`. */
export function basePath(): Parser<string> {
  return {
    kind: 'URL path',
    parse(raw) {
      if (
        typeof raw !== 'string' ||
        !/^\/?[A-Za-z0-9._~\-/]*$/.test(raw) ||
        raw.includes('..') ||
        raw.includes('//')
      )
        return fail('must be a URL path such as / or /jupyter/');
      return `/${raw.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
    },
  };
}
