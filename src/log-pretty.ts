/** One JSON log line as a readable terminal line: `time LEVEL message key=value …`. */
export function prettyLine(jsonLine: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const { time, level, msg, ...fields } = entry;
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const head = `${String(time ?? '')} ${String(level ?? '').toUpperCase()} ${String(msg ?? '')}`;
  return `${head}${extra ? ` ${extra}` : ''}\n`;
}
