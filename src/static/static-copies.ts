/**
 * The shared static path's copies (README, "Static files"): read-only folders of Notebook
 * 6's `notebook/static`, each made by a spawner before any session uses it, keyed by what
 * the files come from (the host's installation, or a Docker image id). The hub answers
 * `{basePath}nbstatic/<key>/…` only from a folder registered here (serve-shared-static.ts);
 * a key nobody prepared is a 404, never a reason to make a copy, so a request can never
 * make the hub extract anything. Never a session's server's files: see README, Security.
 */
/** A shared static copy a server links to: Tornado's `static_url_prefix` and the copy's key. */
export interface SharedStaticCopy {
  readonly prefix: string;
  readonly key: string;
}

export class StaticCopies {
  private readonly ready = new Map<string, string>();
  private readonly preparing = new Map<string, Promise<string>>();

  /** `urlBase`: `{basePath}nbstatic/` (ends with `/`). */
  constructor(readonly urlBase: string) {}

  /** The folder of a prepared copy, or undefined. */
  dirFor(key: string): string | undefined {
    return this.ready.get(key);
  }

  /** Tornado's `static_url_prefix` for servers whose files are the copy `key`. */
  prefixFor(key: string): string {
    return `${this.urlBase}${key}/`;
  }

  /** The key of a prefix made by `prefixFor`. */
  keyOf(prefix: string): string {
    return prefix.slice(this.urlBase.length).replace(/\/$/, '');
  }

  /**
   * The copy `key`, made by `build` (which returns its folder) the first time; concurrent
   * calls share one build; a failed build is forgotten, so the next start tries again.
   */
  prepare(key: string, build: () => Promise<string>): Promise<string> {
    if (!isStaticKey(key)) return Promise.reject(new Error(`bad static copy key ${key}`));
    const known = this.ready.get(key);
    if (known !== undefined) return Promise.resolve(known);
    let job = this.preparing.get(key);
    if (!job) {
      job = build().then(
        (dir) => {
          this.ready.set(key, dir);
          this.preparing.delete(key);
          return dir;
        },
        (error: unknown) => {
          this.preparing.delete(key);
          throw error;
        },
      );
      this.preparing.set(key, job);
    }
    return job;
  }
}

/** Keys are lowercase letters, digits and `-`: they appear in URLs and folder names. */
export function isStaticKey(key: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,79}$/.test(key);
}

/**
 * Notebook 6's flags that move `static_url(...)` (and require.js's baseUrl) to `prefix`,
 * and pin require.js's `urlArgs` (`v=`, by default the server's start time, so no two
 * sessions would share a module's URL) to the copy's key: the modules under the prefix
 * are the copy's files, which never change for a key.
 */
export function staticPrefixFlags(prefix: string, key: string): string[] {
  // traitlets 5 adds one dict item per `key=value`; the JSON form is deprecated.
  return [
    `--NotebookApp.tornado_settings=static_url_prefix=${prefix}`,
    `--NotebookApp.tornado_settings=version_hash=${key}`,
  ];
}
