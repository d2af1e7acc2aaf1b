/**
 * Reads the captured CKAN responses in `ckan-fixtures/` (byte-identical copies of the
 * shared fixtures): 2.10.10 by default, 2.11.5 for the DataStore world when asked. The
 * fake CKAN server builds every answer from these files.
 */
import { readFileSync } from 'node:fs';

export type CkanVersion = '2.10.10' | '2.11.5';
const dirOf = (version: CkanVersion) =>
  new URL(`./ckan-fixtures/ckan-${version}/`, import.meta.url);

export interface ActionFixture {
  readonly request: string;
  readonly auth: string;
  readonly status: number;
  readonly response: {
    readonly help: string;
    readonly success: boolean;
    readonly result?: unknown;
    readonly error?: { readonly __type: string; readonly message?: string } & Record<
      string,
      unknown
    >;
  };
}

export interface DownloadFixture {
  readonly status: number;
  /** Response headers as captured, minus the redacted and per-connection ones. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** `resource_show.csv.anonymous` → the parsed `resource_show.csv.anonymous.json`. */
export function actionFixture(name: string, version: CkanVersion = '2.10.10'): ActionFixture {
  const file = new URL(`${name}.json`, dirOf(version));
  return JSON.parse(readFileSync(file, 'utf8')) as ActionFixture;
}

/** The `id` query parameter of a fixture's request line. */
export function fixtureRequestId(fixture: ActionFixture): string {
  const path = fixture.request.split(' ')[1] ?? '';
  return new URL(path, 'http://fixture.invalid').searchParams.get('id') ?? '';
}

// Per-connection or redacted in the capture; the fake server sets its own.
const dropped = new Set(['date', 'server', 'set-cookie', 'connection', 'content-length']);

/** `download.csv` → status line, headers and body of `files/download.csv.{headers,body}`. */
export function downloadFixture(name: string, version: CkanVersion = '2.10.10'): DownloadFixture {
  const dir = dirOf(version);
  const lines = readFileSync(new URL(`files/${name}.headers`, dir), 'utf8').split(/\r?\n/);
  const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(lines[0] ?? '')?.[1]);
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (!dropped.has(name.toLowerCase()) && !value.includes('<')) headers.push([name, value]);
  }
  return { status, headers, body: readFileSync(new URL(`files/${name}.body`, dir)) };
}
