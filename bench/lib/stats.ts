/** A markdown table and number formats for benchmark results (percentiles: sequential-latency.ts). */
export function markdownTable(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : 'n/a');
export const ratio = (value: number, base: number) =>
  base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a';
