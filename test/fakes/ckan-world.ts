/**
 * The fake CKAN's data: the captured datasets (the two 2.10.10 notebook datasets, and the
 * DataStore world `city-air-quality` / `private-air` of the chosen version), their files,
 * three API tokens, and the action API's answers (`show`), all derived from the fixtures.
 * Tests may add resources and new file versions.
 */
import { randomUUID } from 'node:crypto';
import { FakeDataStore } from './ckan-datastore.js';
import {
  actionFixture,
  type CkanVersion,
  downloadFixture,
  fixtureRequestId,
  type ActionFixture,
  type DownloadFixture,
} from './ckan-fixtures.js';

type Dict = Record<string, unknown>;
export interface FakeUser {
  readonly name: string;
  readonly sysadmin: boolean;
  readonly organizations: readonly string[];
}
export interface AddedResource {
  readonly name: string;
  readonly format: string;
  /** The file served for an upload. */
  readonly body?: Buffer;
  /** Declared size; defaults to the body's length (null: unknown, as for links). */
  readonly size?: number | null;
  /** `upload` (default) or null for a link to `url`. */
  readonly url_type?: 'upload' | null;
  readonly url?: string;
  readonly mimetype?: string | null;
}

const publicDataset = actionFixture('package_show.public.anonymous').response.result as Dict;
const privateDataset = actionFixture('package_show.private.member').response.result as Dict;
const siteUrl = (actionFixture('status_show').response.result as { site_url: string }).site_url;
const idOf = (fixture: string, version: CkanVersion = '2.10.10') =>
  fixtureRequestId(actionFixture(fixture, version));

/** The DataStore world's uploads: resource fixture name → download fixture name. */
const airFiles = [
  'measurements-csv',
  'stations-geojson',
  'summary-xlsx',
  'readings-semicolon-csv',
  'metadata-json',
] as const;

export class CkanWorld {
  readonly ids = {
    publicDataset: publicDataset.id as string,
    publicDatasetName: publicDataset.name as string,
    privateDataset: privateDataset.id as string,
    uploadNotebook: idOf('resource_show.upload-notebook.anonymous'),
    csv: idOf('resource_show.csv.anonymous'),
    linkedNotebook: idOf('resource_show.linked-notebook.anonymous'),
    externalLink: idOf('resource_show.external-link.anonymous'),
    privateNotebook: idOf('resource_show.private.member'),
  };
  readonly tokens = {
    sysadmin: 'fake-token-sysadmin',
    alice: 'fake-token-alice',
    bob: 'fake-token-bob',
  };
  /** The DataStore world (`city-air-quality`, `private-air`) of `version`. */
  readonly air: {
    readonly dataset: string;
    readonly datasetName: string;
    readonly privateDataset: string;
    readonly privateDatasetName: string;
    readonly resources: Readonly<Record<(typeof airFiles)[number], string>>;
    readonly datastore: string;
    readonly largeFile: string;
    readonly externalPage: string;
    readonly privateCsv: string;
    readonly privateDatastore: string;
  };
  /** `ckan.site_url` of the captured portal; upload URLs are built from it. */
  readonly siteUrl: string;
  readonly datastore: FakeDataStore;
  private readonly datasets: Dict[];
  private readonly files = new Map<string, DownloadFixture>();
  private readonly users: Map<string, FakeUser>;

  constructor(
    private readonly origin: string,
    readonly version: CkanVersion = '2.10.10',
  ) {
    const v = version;
    const airSite = (actionFixture('status_show.with-datastore', v).response.result as Dict)
      .site_url as string;
    this.siteUrl = v === '2.10.10' ? siteUrl : airSite;
    const air = actionFixture('package_show.city-air-quality.anonymous', v).response.result as Dict;
    const privateAir = actionFixture('package_show.private-air.member', v).response.result as Dict;
    this.air = {
      dataset: air.id as string,
      datasetName: air.name as string,
      privateDataset: privateAir.id as string,
      privateDatasetName: privateAir.name as string,
      resources: Object.fromEntries(
        airFiles.map((f) => [f, idOf(`resource_show.${f}.anonymous`, v)]),
      ) as Record<(typeof airFiles)[number], string>,
      datastore: idOf('resource_show.measurements-datastore.anonymous', v),
      largeFile: idOf('resource_show.large-file.anonymous', v),
      externalPage: idOf('resource_show.external-page.anonymous', v),
      privateCsv: idOf('resource_show.private-air-csv.member', v),
      privateDatastore: idOf('resource_show.private-air-datastore.member', v),
    };
    this.datasets = [structuredClone(publicDataset), structuredClone(privateDataset)];
    const captured = [structuredClone(air), structuredClone(privateAir)];
    for (const [site, datasets] of [
      [siteUrl, this.datasets],
      [airSite, captured],
    ] as const)
      for (const resource of datasets.flatMap(resourcesOf)) {
        // Links to the captured site point at this server; uploads (and DataStore
        // resources, whose URL CKAN also builds from site_url) keep site_url.
        const url = String(resource.url);
        const stored = resource.url_type === 'upload' || resource.url_type === 'datastore';
        if (!stored && url.startsWith(`${site}/`)) resource.url = origin + url.slice(site.length);
      }
    this.datasets.push(...captured);
    for (const f of airFiles)
      this.files.set(this.air.resources[f], downloadFixture(`download.${f}`, v));
    this.files.set(this.air.privateCsv, downloadFixture('download.private-air-csv.member', v));
    this.datastore = new FakeDataStore(
      v,
      { measurements: this.air.datastore, privateAir: this.air.privateDatastore },
      (id, user) => {
        const dataset = this.datasets.find((d) => resourcesOf(d).some((r) => r.id === id));
        return dataset ? this.canRead(dataset, user) : undefined;
      },
    );
    this.files.set(this.ids.uploadNotebook, downloadFixture('download.upload-notebook'));
    this.files.set(this.ids.csv, downloadFixture('download.csv'));
    this.files.set(this.ids.privateNotebook, downloadFixture('download.private-notebook.member'));
    const org = privateDataset.owner_org as string;
    this.users = new Map([
      [this.tokens.sysadmin, { name: 'sysadmin', sysadmin: true, organizations: [] }],
      [
        this.tokens.alice,
        { name: 'alice', sysadmin: false, organizations: [org, privateAir.owner_org as string] },
      ],
      [this.tokens.bob, { name: 'bob', sysadmin: false, organizations: [] }],
    ]);
  }

  /** Like CKAN: a token it does not know makes the call anonymous, not an error. */
  userFor(authorization: string | undefined): FakeUser | null {
    return (authorization && this.users.get(authorization)) || null;
  }

  canRead(dataset: Dict, user: FakeUser | null): boolean {
    if (!dataset.private) return true;
    return !!user && (user.sysadmin || user.organizations.includes(dataset.owner_org as string));
  }

  help(action: string): string {
    return `${this.siteUrl}/api/3/action/help_show?name=${action}`;
  }

  /** The answer of `resource_show` or `package_show` for `id`, as status and JSON body. */
  show(
    action: 'resource_show' | 'package_show',
    id: string | null,
    user: FakeUser | null,
  ): { status: number; response: Dict } {
    const fixture = (kind: string) =>
      withHelp(actionFixture(`${action}.${kind}`), this.help(action));
    if (!id)
      return withHelp(actionFixture('resource_show.missing-id.anonymous'), this.help(action));
    const found =
      action === 'package_show'
        ? this.datasetByRef(id)
        : this.datasets.find((d) => resourcesOf(d).some((r) => r.id === id));
    if (!found) return fixture('not-found.anonymous');
    if (!this.canRead(found, user)) {
      const answer = fixture('private.anonymous');
      const template = actionFixture(`${action}.private.anonymous`);
      const error = answer.response.error as Dict;
      error.message = String(error.message)
        .replace('User  not', `User ${user?.name ?? ''} not`)
        .replace(
          action === 'package_show' ? String(privateDataset.id) : fixtureRequestId(template),
          action === 'package_show' ? String(found.id) : id,
        );
      return answer;
    }
    const success = withHelp(actionFixture('status_show'), this.help(action));
    success.response.result =
      action === 'package_show'
        ? structuredClone(found)
        : structuredClone(resourcesOf(found).find((r) => r.id === id));
    return success;
  }

  resourceIn(
    datasetRef: string,
    resourceId: string,
  ): { dataset: Dict; resource: Dict } | undefined {
    const dataset = this.datasetByRef(datasetRef);
    const resource = dataset && resourcesOf(dataset).find((r) => r.id === resourceId);
    return dataset && resource ? { dataset, resource } : undefined;
  }

  fileOf(resourceId: string): DownloadFixture | undefined {
    return this.files.get(resourceId);
  }

  addResource(datasetRef: string, spec: AddedResource): Dict {
    const dataset = this.datasetByRef(datasetRef);
    if (!dataset) throw new Error(`no dataset ${datasetRef}`);
    const id = randomUUID();
    const now = ckanTimestamp();
    const upload = spec.url_type === undefined || spec.url_type === 'upload';
    const fileName = spec.name.replace(/[^\w.-]+/g, '_');
    const resource: Dict = {
      ...structuredClone(resourcesOf(publicDataset).find((r) => r.id === this.ids.csv)!),
      id,
      name: spec.name,
      format: spec.format,
      package_id: dataset.id,
      created: now,
      last_modified: upload ? now : null,
      metadata_modified: now,
      mimetype: spec.mimetype ?? null,
      position: resourcesOf(dataset).length,
      size: spec.size !== undefined ? spec.size : upload ? (spec.body?.length ?? 0) : null,
      url: upload
        ? `${this.siteUrl}/dataset/${String(dataset.id)}/resource/${id}/download/${fileName}`
        : spec.url,
      url_type: upload ? 'upload' : null,
    };
    resourcesOf(dataset).push(resource);
    dataset.num_resources = resourcesOf(dataset).length;
    if (upload) {
      const headers: Array<[string, string]> = [
        ['Content-Disposition', `inline; filename=${fileName}`],
        ['Content-Type', spec.mimetype ?? 'application/octet-stream'],
      ];
      this.files.set(id, { status: 200, headers, body: spec.body ?? Buffer.alloc(0) });
    }
    return structuredClone(resource);
  }

  /** A new version of an uploaded file: new bytes, a new `last_modified`. */
  updateFile(resourceId: string, body: Buffer, lastModified = ckanTimestamp()): void {
    const resource = this.datasets.flatMap(resourcesOf).find((r) => r.id === resourceId);
    const file = this.files.get(resourceId);
    if (!resource || !file) throw new Error(`no uploaded resource ${resourceId}`);
    Object.assign(resource, {
      last_modified: lastModified,
      metadata_modified: lastModified,
      size: body.length,
    });
    this.files.set(resourceId, { ...file, body });
  }

  private datasetByRef(ref: string): Dict | undefined {
    return this.datasets.find((d) => d.id === ref || d.name === ref);
  }
}

function resourcesOf(dataset: Dict): Dict[] {
  return dataset.resources as Dict[];
}

/** The fixture's answer (key order kept) with `help` naming `action`. */
function withHelp(fixture: ActionFixture, help: string): { status: number; response: Dict } {
  return { status: fixture.status, response: { ...structuredClone(fixture.response), help } };
}

/** CKAN's timestamp format: ISO 8601 in UTC with microseconds and no zone. */
function ckanTimestamp(): string {
  return new Date().toISOString().replace('Z', '000');
}
