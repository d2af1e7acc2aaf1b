/**
 * Checks a hub's real responses against its own OpenAPI document: finds the operation
 * by method and path template, then validates the JSON body against the schema of the
 * answered status with ajv (draft 2020-12, as OpenAPI 3.1 uses).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};

export class OpenApiCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly checked: string[] = [];

  constructor(readonly doc: OpenApiDocument) {
    addFormats.default(this.ajv);
  }

  /** The path template of `path` (without the base path), or null. */
  template(path: string): string | null {
    for (const template of Object.keys(this.doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (pattern.test(path)) return template;
    }
    return null;
  }

  /** Throws unless `body` (parsed JSON) is what the document says for this answer. */
  validate(method: string, path: string, status: number, body: unknown): void {
    const template = this.template(path);
    if (!template) throw new Error(`${method} ${path}: not in the document`);
    const op = this.doc.paths[template]![method.toLowerCase()];
    if (!op) throw new Error(`${method} ${template}: no such operation`);
    const response = op.responses[String(status)];
    if (!response) throw new Error(`${method} ${template}: status ${status} is not documented`);
    const schema = response.content?.['application/json']?.schema;
    if (schema && !this.ajv.validate(schema, body)) {
      throw new Error(
        `${method} ${template} ${status}: ${this.ajv.errorsText()}\n${JSON.stringify(body)}`,
      );
    }
    this.checked.push(`${method} ${template} ${status}`);
  }

  /** Fetches, validates the JSON answer and returns it. */
  async fetchJson(
    base: string,
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${base}${path.replace(/^\//, '')}`, init);
    const json: unknown = await response.json();
    this.validate(
      init.method ?? 'GET',
      `/${path.replace(/^\//, '').split('?')[0]}`,
      response.status,
      json,
    );
    return { status: response.status, json };
  }
}
