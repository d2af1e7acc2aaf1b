/** The log's secret filters (see log.ts): by field name, by query parameter, by value. */
const SECRET_KEY = /token|ticket|secret|password|cookie|authorization|csrf/i;
const SECRET_QUERY = /([?&;](?:token|ticket|_xsrf|secret|password|key)=)[^&\s"#]*/gi;
const REDACTED = '[redacted]';

/** A copy of `fields` whose secret-named values (at any depth) are replaced. */
export function redactFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key) && value !== null && value !== undefined) out[key] = REDACTED;
    else if (isPlainObject(value) && depth < 4) out[key] = redactFields(value, depth + 1);
    else out[key] = value;
  }
  return out;
}

/** `line` with secret query parameters and every known secret value masked. */
export function redactLine(line: string, secrets: ReadonlySet<string>): string {
  let out = line.replace(SECRET_QUERY, `$1${REDACTED}`);
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Error)
  );
}
