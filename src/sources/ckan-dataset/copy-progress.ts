/**
 * The launcher's per-file lines (../file-progress.ts) for a dataset's copy: every line
 * before anything is fetched, and the line of a file that has arrived.
 */
import type { FileProgress } from '../file-progress.js';
import type { DatasetMeta } from './dataset-meta.js';
import type { DatasetPlan } from './plan-dataset.js';

/** A finished file's line: done, its real size as both bytes and size. */
export const doneLine = (bytes: number): Partial<FileProgress> => ({
  state: 'done',
  bytes,
  size: bytes,
});

/** Every line before anything is fetched: the copies and pages waiting, the skipped ones with why. */
export function initialLines(meta: DatasetMeta, plan: DatasetPlan): FileProgress[] {
  const sizeOf = (id: string) => meta.dataset.resources.find((r) => r.id === id)?.size ?? null;
  const line = (resource_id: string, name: string, kind: FileProgress['kind']): FileProgress => ({
    resource_id,
    name,
    kind,
    state: 'waiting',
    bytes: 0,
    size: kind === 'datastore' ? null : sizeOf(resource_id),
    reason: null,
    message: null,
  });
  const lines: FileProgress[] = [];
  for (const section of plan.sections) {
    if (section.kind === 'skipped')
      lines.push({
        ...line(section.resourceId, section.name, 'file'),
        state: 'skipped',
        reason: section.reason,
        message: section.message,
      });
    else if (section.kind === 'datastore')
      lines.push(line(section.resourceId, section.name, 'datastore'));
    else lines.push(line(section.resourceId, section.name, section.kind));
  }
  return lines;
}
