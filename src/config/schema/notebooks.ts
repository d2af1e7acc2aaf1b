/**
 * Notebooks: size and depth limits of what the hub reads and serves. Part of the one
 * config schema (../schema.ts).
 */
import { int, field } from '../fields.js';

export const notebooksFields = {
  // notebooks
  notebookMaxBytes: field({
    group: 'notebooks',
    parser: int({ min: 1024 }),
    default: 10 * 1024 * 1024,
    env: ['HUB_NOTEBOOK_MAX_BYTES'],
    description: 'Largest notebook accepted, in bytes.',
  }),
  downloadMaxBytes: field({
    group: 'notebooks',
    parser: int({ min: 1024 }),
    default: 100 * 1024 * 1024,
    env: ['HUB_DOWNLOAD_MAX_BYTES'],
    description:
      'Largest notebook "Download my copy" hands out, in bytes (streamed, never held in memory). Beyond it the visitor gets a 413 saying so.',
  }),
  notebookMaxDepth: field({
    group: 'notebooks',
    parser: int({ min: 8 }),
    default: 100,
    env: ['HUB_NOTEBOOK_MAX_DEPTH'],
    description: 'Deepest JSON nesting accepted in a notebook.',
  }),
} as const;
