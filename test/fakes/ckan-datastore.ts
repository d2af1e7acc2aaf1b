/**
 * The fake CKAN's DataStore (`datastore_info`, `datastore_search`, `datastore_search_sql`
 * and `/datastore/dump/<id>`), built from the captured 2.10.10 or 2.11.5 answers. A call
 * that was captured (same request, same access) gets the captured answer; paging
 * (`resource_id`, `limit`, `offset`) and `SELECT count(*) AS x FROM "<id>"` are computed
 * from the dumped table in the captures' shapes. Anything else the fake cannot answer
 * truthfully is a 409 saying so, so a test never passes on an invented answer.
 */
import { readdirSync } from 'node:fs';
import {
  actionFixture,
  downloadFixture,
  type ActionFixture,
  type CkanVersion,
  type DownloadFixture,
} from './ckan-fixtures.js';
import type { FakeUser } from './ckan-world.js';

type Dict = Record<string, unknown>;
export interface DataStoreAnswer {
  readonly status: number;
  /** The JSON text, with `numeric` values as CKAN writes them (`21.0`, not `21`). */
  readonly body: string;
}
interface Table {
  readonly fields: Dict[];
  readonly rows: unknown[][];
}
/** Who may read a DataStore resource: undefined when the resource does not exist. */
export type ReadCheck = (resourceId: string, user: FakeUser | null) => boolean | undefined;

export class FakeDataStore {
  private readonly tables = new Map<string, Table>();
  private readonly captured: Array<{ key: string; fixture: ActionFixture }> = [];

  constructor(
    private readonly version: CkanVersion,
    /** The two DataStore resources of the captured world, by role. */
    readonly ids: { readonly measurements: string; readonly privateAir: string },
    private readonly canRead: ReadCheck,
  ) {
    const dump = JSON.parse(
      downloadFixture('datastore_dump.measurements-datastore.json', version).body.toString('utf8'),
    ) as { fields: Dict[]; records: unknown[][] };
    this.tables.set(ids.measurements, { fields: dump.fields, rows: dump.records });
    const member = actionFixture('datastore_search.private-air-datastore.member', version);
    const csv = downloadFixture('datastore_dump.private-air-datastore.member', version);
    this.tables.set(ids.privateAir, {
      fields: (member.response.result as { fields: Dict[] }).fields,
      rows: parseDumpCsv(
        csv.body.toString('utf8'),
        (member.response.result as { fields: Dict[] }).fields,
      ),
    });
    const dir = new URL(`./ckan-fixtures/ckan-${version}/`, import.meta.url);
    for (const file of readdirSync(dir).filter((f) => /^datastore_.*\.json$/.test(f))) {
      const fixture = actionFixture(file.replace(/\.json$/, ''), version);
      const body = (fixture as unknown as { request_body?: unknown }).request_body;
      this.captured.push({ key: requestKey(fixture.request, body), fixture });
    }
  }

  has(resourceId: string): boolean {
    return this.tables.has(resourceId);
  }

  /** The answer to `action` called with `params` (the query, or the POSTed JSON `body`) as `user`. */
  answer(
    action: string,
    request: string,
    params: Dict,
    body: unknown,
    user: FakeUser | null,
    help: string,
  ): DataStoreAnswer {
    const id = String(params.resource_id ?? params.id ?? sqlTable(params.sql) ?? '');
    const readable = this.tables.has(id) ? this.canRead(id, user) : undefined;
    const key = requestKey(request, body);
    const hit = this.captured.find(
      ({ key: k, fixture: f }) =>
        k === key && (readable === undefined || (readable ? f.status !== 403 : f.status === 403)),
    );
    if (hit) return ckanJson(hit.fixture.status, hit.fixture.response, help, user);
    if (action === 'datastore_search_sql') return this.sql(String(params.sql ?? ''), user, help);
    if (!this.tables.has(id)) {
      const name =
        action === 'datastore_info'
          ? 'datastore_info.measurements-csv.not-in-datastore.anonymous'
          : 'datastore_search.measurements-csv.not-in-datastore.anonymous';
      return fromFixture(this.version, name, help, user, id);
    }
    if (!readable)
      return fromFixture(this.version, `${action}.private-air-datastore.anonymous`, help, user, id);
    if (action === 'datastore_search') return this.search(id, request, params, help);
    return notCaptured(help, `${action} ${request}`);
  }

  /** `/datastore/dump/<id>`: the captured dump, or CKAN's 404 page when it may not be read. */
  dump(resourceId: string, format: string | null, user: FakeUser | null): DownloadFixture {
    const v = this.version;
    if (!this.tables.has(resourceId) || !this.canRead(resourceId, user))
      return downloadFixture('datastore_dump.private-air-datastore.anonymous', v);
    if (resourceId === this.ids.privateAir)
      return downloadFixture('datastore_dump.private-air-datastore.member', v);
    const kind = format === 'json' ? 'json' : format === 'csv' ? 'csv' : 'no-format';
    return downloadFixture(`datastore_dump.measurements-datastore.${kind}`, v);
  }

  private search(id: string, request: string, params: Dict, help: string): DataStoreAnswer {
    const unknown = Object.keys(params).filter(
      (k) => !['resource_id', 'id', 'limit', 'offset'].includes(k),
    );
    if (unknown.length > 0) return notCaptured(help, `datastore_search with ${unknown.join(', ')}`);
    const limit = params.limit === undefined ? 100 : Number(params.limit);
    const offset = params.offset === undefined ? 0 : Number(params.offset);
    if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0)
      return notCaptured(
        help,
        `datastore_search limit=${String(params.limit)} offset=${String(params.offset)}`,
      );
    const table = this.tables.get(id)!;
    const names = table.fields.map((f) => String(f.id));
    const records = table.rows
      .slice(offset, offset + limit)
      .map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null])));
    const sent = new URL(request.split(' ')[1] ?? '', 'http://fake.invalid');
    sent.searchParams.delete('offset');
    const start = `${sent.pathname}${sent.search}`;
    const result: Dict = { include_total: true, limit };
    if (params.offset !== undefined) result.offset = offset;
    Object.assign(result, {
      records_format: 'objects',
      resource_id: id,
      total_estimation_threshold: null,
      records,
      fields: table.fields,
      _links: { start, next: `${start}&offset=${offset + limit}` },
      total: table.rows.length,
      total_was_estimated: false,
    });
    return ckanJson(200, { help, success: true, result }, help, null);
  }

  private sql(sql: string, user: FakeUser | null, help: string): DataStoreAnswer {
    const table = sqlTable(sql);
    if (!table || !this.tables.has(table)) {
      const answer = actionFixture('datastore_search_sql.unknown-table.anonymous', this.version);
      const text = JSON.stringify(answer.response)
        .replaceAll('00000000-0000-0000-0000-000000000000', table ?? '')
        .replaceAll(
          JSON.stringify(`SELECT * FROM "${table ?? ''}"`).slice(1, -1),
          JSON.stringify(sql).slice(1, -1),
        );
      return ckanJson(answer.status, JSON.parse(text) as Dict, help, user);
    }
    if (!this.canRead(table, user))
      return fromFixture(
        this.version,
        'datastore_search_sql.private-air-datastore.anonymous',
        help,
        user,
        table,
      );
    const count = /^SELECT\s+count\(\*\)\s+AS\s+(\w+)\s+FROM\s+"[^"]+"\s*;?\s*$/i.exec(sql.trim());
    if (!count) return notCaptured(help, `datastore_search_sql ${sql}`);
    const alias = count[1]!;
    const result = {
      sql,
      records: [{ [alias]: this.tables.get(table)!.rows.length }],
      fields: [{ id: alias, type: 'int8' }],
    };
    return ckanJson(200, { help, success: true, result }, help, null);
  }
}

/** The table a `... FROM "<id>" ...` statement reads. */
function sqlTable(sql: unknown): string | null {
  return typeof sql === 'string' ? (/\bFROM\s+"([^"]+)"/i.exec(sql)?.[1] ?? null) : null;
}

/** Method, path and the decoded parameters in the order sent (or the JSON body). */
function requestKey(request: string, body: unknown): string {
  const [method, target = ''] = request.split(' ');
  const url = new URL(target, 'http://fake.invalid');
  const params = body == null ? [...url.searchParams] : body;
  return `${method} ${url.pathname} ${JSON.stringify(params)}`;
}

function fromFixture(
  version: CkanVersion,
  name: string,
  help: string,
  user: FakeUser | null,
  id: string,
): DataStoreAnswer {
  const fixture = actionFixture(name, version);
  const template = /"([0-9a-f-]{36})"|resource ([0-9a-f-]{36})/.exec(
    String(fixture.response.error?.message ?? ''),
  );
  const captured = template?.[1] ?? template?.[2] ?? '';
  const text = JSON.stringify(fixture.response).replaceAll(captured, id);
  return ckanJson(fixture.status, JSON.parse(text) as Dict, help, user);
}

function notCaptured(help: string, what: string): DataStoreAnswer {
  const error = {
    __type: 'Validation Error',
    fake: [`not captured, the fake cannot answer: ${what}`],
  };
  return ckanJson(409, { help, error, success: false }, help, null);
}

/**
 * The response as CKAN writes it: `help` for this call, the user's name in an
 * authorization message, and `numeric` values that are whole numbers with `.0`.
 */
function ckanJson(
  status: number,
  response: Dict,
  help: string,
  user: FakeUser | null,
): DataStoreAnswer {
  const copy = { ...structuredClone(response), help } as Dict;
  const error = copy.error as Dict | undefined;
  if (error && typeof error.message === 'string' && user)
    error.message = error.message.replace('User  not', `User ${user.name} not`);
  const result = copy.result as { records?: unknown; fields?: Dict[] } | undefined;
  if (result && Array.isArray(result.records) && Array.isArray(result.fields)) {
    const numeric = result.fields.filter((f) => f.type === 'numeric').map((f) => String(f.id));
    for (const record of result.records as Dict[])
      for (const name of numeric) {
        const value = record[name];
        if (typeof value === 'number' && Number.isInteger(value))
          record[name] = `\u0000N${value}.0`;
      }
  }
  const body = JSON.stringify(copy).replace(/"\\u0000N(-?\d+\.0)"/g, '$1');
  return { status, body };
}

/** Rows of a DataStore CSV dump (`_id` first, no quoting in the captured data). */
function parseDumpCsv(text: string, fields: Dict[]): unknown[][] {
  const [, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  return lines.map((line) =>
    line.split(',').map((cell, i) => {
      const type = String(fields[i]?.type ?? 'text');
      if (cell === '') return null;
      return ['int', 'int4', 'int8', 'numeric', 'float8'].includes(type) ? Number(cell) : cell;
    }),
  );
}
