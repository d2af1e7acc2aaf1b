/** The id (or dataset name) a CKAN launch names, checked before CKAN is asked. */
import { HubError } from '../../errors/hub-error.js';

/** CKAN's dataset names are 2–100 of `a-z0-9_-`; ids are UUIDs. */
const refPattern = /^[A-Za-z0-9_-]{1,100}$/;

const messages = {
  resource_id: 'The resource id is not valid.',
  dataset_id: 'The dataset id is not valid.',
} as const;

/** `ref` when it can be a CKAN id or name; HubError('bad_request') naming `field` otherwise. */
export function checkCkanRef(ref: string | undefined, field: keyof typeof messages): string {
  if (typeof ref !== 'string' || !refPattern.test(ref))
    throw new HubError('bad_request', { message: messages[field], field });
  return ref;
}
