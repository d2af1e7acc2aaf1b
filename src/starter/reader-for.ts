/**
 * The reader the starter notebook uses for a resource format (CKAN's `format`, lower
 * case, or the URL's extension), and which formats the hub treats as data at all.
 */
import type { ReaderKind } from './starter-types.js';

const readers: Readonly<Record<string, ReaderKind>> = {
  csv: 'csv',
  'text/csv': 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  'text/tab-separated-values': 'tsv',
  xlsx: 'excel',
  xls: 'excel',
  ods: 'excel',
  json: 'json',
  'application/json': 'json',
  geojson: 'geojson',
  'application/geo+json': 'geojson',
  parquet: 'parquet',
};

export function readerFor(format: string): ReaderKind {
  return readers[format.trim().toLowerCase().replace(/^\./, '')] ?? 'none';
}

/** Formats that are pages to read, not data to load: a link to them is reported as such. */
export function isWebPage(format: string): boolean {
  return ['html', 'htm', 'web page', 'webpage', 'url', 'link', 'php', 'aspx'].includes(
    format.trim().toLowerCase(),
  );
}
