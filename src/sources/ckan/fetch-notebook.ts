/**
 * Downloads and validates a notebook resource's file, mapping what the portal (or a
 * linked address) answers to the hub's errors.
 */
import { HubError } from '../../errors/hub-error.js';
import { fetchFailureReason } from '../../net/fetch-failure.js';
import { formatBytes } from '../../net/format-bytes.js';
import { validateNotebook, type NotebookLimits } from '../validate.js';
import { forbidden } from './ckan-api.js';
import { downloadResource, downloadUrl, type DownloadOptions } from './ckan-download.js';
import type { CkanResource } from './ckan-types.js';

/** The validated notebook bytes; a HubError for anything else. */
export async function fetchNotebook(
  resource: CkanResource,
  limits: NotebookLimits,
  options: Omit<DownloadOptions, 'maxBytes'>,
): Promise<Buffer> {
  const onPortal = new URL(downloadUrl(options.api, resource)).origin === options.api.origin;
  let res;
  try {
    res = await downloadResource(resource, { ...options, maxBytes: limits.maxBytes });
  } catch (error) {
    if (fetchFailureReason(error) === 'too_large') {
      throw new HubError('notebook_too_large', {
        message: `The notebook is larger than the limit of ${formatBytes(limits.maxBytes)}.`,
        cause: error,
      });
    }
    throw error;
  }
  const where = onPortal ? 'The portal' : "The notebook's address";
  if (res.status === 200) return validated(res.body, limits);
  if (onPortal && (res.status === 401 || res.status === 403)) throw forbidden(options.caller);
  if (res.status === 404 || res.status === 410) {
    throw new HubError('notebook_not_found', {
      message: `${where} has no file for this notebook (HTTP ${res.status}).`,
    });
  }
  throw new HubError('upstream_failed', {
    message: `${where} answered HTTP ${res.status} for the notebook file.`,
  });
}

function validated(content: Buffer, limits: NotebookLimits): Buffer {
  validateNotebook(content, limits);
  return content;
}
