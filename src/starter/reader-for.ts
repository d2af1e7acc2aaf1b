/**
 * The reader the starter notebook uses for a resource format (CKAN's `format`, lower
 * case, or the URL's extension), the canonical name of each loadable format (what the
 * `explore_formats` setting lists), and which formats are web pages rather than data.
 */
import type { ReaderKind } from './starter-types.js';

/** Canonical loadable format → its reader, in the order settings list them. */
const loadable: Readonly<Record<string, ReaderKind>> = {
  csv: 'csv',
  tsv: 'tsv',
  xlsx: 'excel',
  xls: 'excel',
  ods: 'excel',
  json: 'json',
  geojson: 'geojson',
  parquet: 'parquet',
};

/** Other spellings CKAN portals use for the same formats. */
const aliases: Readonly<Record<string, string>> = {
  'text/csv': 'csv',
  tab: 'tsv',
  'text/tab-separated-values': 'tsv',
  'application/json': 'json',
  'application/geo+json': 'geojson',
};

/** Every format the starter notebook has a reader for (canonical names). */
export const loadableFormats: readonly string[] = Object.keys(loadable);

/** The canonical loadable format of `format` (any case, with or without a dot), or null. */
export function loadableFormat(format: string): string | null {
  const key = format.trim().toLowerCase().replace(/^\./, '');
  const canonical = aliases[key] ?? key;
  return Object.hasOwn(loadable, canonical) ? canonical : null;
}

export function readerFor(format: string): ReaderKind {
  const canonical = loadableFormat(format);
  return canonical === null ? 'none' : loadable[canonical]!;
}

/** Formats that are pages to read, not data to load: a link to them is reported as such. */
export function isWebPage(format: string): boolean {
  return ['html', 'htm', 'web page', 'webpage', 'url', 'link', 'php', 'aspx'].includes(
    format.trim().toLowerCase(),
  );
}
