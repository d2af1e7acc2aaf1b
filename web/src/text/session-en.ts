/**
 * Every string the visitor's page writes at run time, in English; session-de.ts has the
 * German (the types make it complete). The static labels are rendered by the server
 * (src/http/pages/text.ts).
 */
import { bytes, duration } from '../common/format.js';
import { plural } from '../common/plural.js';

const minutes = (seconds: number): string => {
  const m = Math.max(1, Math.round(seconds / 60));
  if (m < 90) return plural('en', m, { one: '# minute', other: '# minutes' });
  return plural('en', Math.round(m / 60), { one: '# hour', other: '# hours' });
};

export const sessionTextEn = {
  capacity(free: number, max: number, queued: number): string {
    if (free > 0)
      return plural('en', max, {
        one: `${free} of # session free.`,
        other: `${free} of # sessions free.`,
      });
    const waiting = plural('en', queued, {
      one: '# person is waiting',
      other: '# people are waiting',
    });
    const inUse = plural('en', max, {
      one: 'The only session is in use',
      other: 'All # sessions are in use',
    });
    return `${inUse}${queued > 0 ? `; ${waiting}` : ''}. You can still start: you will join the queue.`;
  },
  capacityUnknown: 'Could not check for free sessions.',
  cookieBlocked:
    'Your browser does not let this frame keep the hub’s cookie, which a session needs. “Run this notebook” opens it in a new tab.',
  stage: {
    queued: 'Waiting for a free place…',
    fetching: 'Fetching the notebook…',
    starting: 'Starting your Jupyter server…',
    scheduling: 'Finding a machine with room for your server…',
    preparing: 'Preparing the server’s image on its machine…',
    connecting: 'Connecting to your server…',
    ready: 'Ready. Opening the notebook…',
  } as Record<string, string>,
  launching: 'Asking the hub for a session…',
  file: {
    datastore: (name: string) => `${name} (DataStore table, first page)`,
    waiting: 'waiting',
    fetching: (got: number, size: number | null) =>
      size === null ? `${bytes(got)} so far` : `${bytes(got)} of ${bytes(size)}`,
    done: (size: number) => `done, ${bytes(size)}`,
    skipped: {
      size: (size: number | null) =>
        size === null
          ? 'skipped: too big for the data limit'
          : `skipped: ${bytes(size)} is too big for the data limit`,
      format: 'skipped: not a format the hub copies',
      link: 'skipped: a link to a web page, not a data file',
    },
    failed: 'failed: see data/README.txt in the session',
  },
  queue(position: number, waitSeconds: number | null): string {
    const wait =
      waitSeconds === null
        ? 'The wait cannot be estimated yet.'
        : `Estimated wait: about ${minutes(waitSeconds)}.`;
    return `All sessions are in use. You are at position ${position} in the queue. ${wait} Keep this page open: your session starts by itself.`;
  },
  timeLeft(idleSeconds: number, limitSeconds: number): string {
    return `Time left: ${duration.clock(idleSeconds)} if idle · ${duration.clock(limitSeconds)} at most`;
  },
  warningClock: (seconds: number) => `Ends in ${duration.clock(seconds)}`,
  warning(cause: 'idle' | 'limit'): string {
    const why =
      cause === 'limit'
        ? 'it is reaching its time limit'
        : 'nothing is happening in it (running a cell or saving keeps it going)';
    return `Your session will end soon because ${why}. Download your copy now: your changes will be gone.`;
  },
  ending: 'Your session is ending…',
  confirmEnd: 'End your session? Your changes will be gone unless you downloaded them.',
  confirmEndYes: 'Yes, end it',
  confirmRestart: 'Start over from the original notebook? Your changes will be gone.',
  confirmRestartYes: 'Yes, start over',
  saving: 'Saving the notebook…',
  downloaded: (file: string) => `Downloaded ${file}.`,
  downloadFailed: (why: string) => `The download failed: ${why}`,
  ended: {
    idle: 'It ended because nothing happened in it for a while (idle timeout).',
    'max-age': 'It ended because it reached its time limit.',
    admin: 'It was ended by an administrator.',
    visitor: 'You ended it.',
    failed: 'The notebook server failed.',
    'server-died': 'The notebook server stopped unexpectedly.',
    oom: 'It ran out of memory: the notebook used more than the session’s memory limit.',
    unresponsive: 'The notebook server stopped answering, so it was ended.',
  } as Record<string, string>,
  endedUnknown: 'It ended.',
  failedDetail: (error: string) => `The notebook server failed: ${error}`,
  retryIn: (seconds: number) => `Trying again in ${seconds} s…`,
  /** A session this page followed is no longer known to the hub for this browser. */
  lostMessage: 'No session of yours with this id.',
  notebookFrame: (title: string) => `Jupyter notebook: ${title}`,
  unreachable: 'the hub cannot be reached.',
};

export type SessionText = typeof sessionTextEn;

export interface ProblemText {
  title: string;
  todo: string;
}

/** What to tell the visitor for each error code the launch API can answer. */
export const problemTextEn: Record<string, ProblemText> = {
  hub_full: {
    title: 'The hub is full',
    todo: 'Nobody can join the waiting line right now. This page tries again by itself.',
  },
  rate_limited: {
    title: 'Too many launches',
    todo: 'Too many sessions were started from your network in the last minute. This page tries again by itself.',
  },
  address_limit: {
    title: 'Your network has enough sessions',
    todo: 'End a session in another tab or browser, then try again.',
  },
  notebook_invalid: {
    title: 'This notebook cannot be opened',
    todo: 'The file is not a valid Jupyter notebook. Tell the people who publish it.',
  },
  notebook_not_found: {
    title: 'Notebook not found',
    todo: 'It may have been moved or removed. Go back to the dataset and open it again.',
  },
  notebook_too_large: {
    title: 'This notebook is too large',
    todo: 'It is above the size limit for running here. Download it from the data portal instead.',
  },
  dataset_forbidden: {
    title: 'This dataset is not accessible',
    todo: 'If it is private, log in to the data portal and open the notebook from the dataset page.',
  },
  ticket_invalid: {
    title: 'This launch link has expired',
    todo: 'Go back to the dataset page in the data portal and open the notebook again.',
  },
  ckan_unavailable: {
    title: 'The data portal cannot be reached',
    todo: 'The notebook comes from the data portal, which is not answering. Try again in a minute.',
  },
  upstream_failed: {
    title: 'The data portal answered with an error',
    todo: 'Try again in a minute.',
  },
  spawner_unavailable: {
    title: 'Sessions cannot be started right now',
    todo: 'The hub’s session backend is down. Try again in a few minutes.',
  },
  server_unavailable: {
    title: 'The notebook server is not answering',
    todo: 'Try again in a moment.',
  },
  origin_refused: {
    title: 'Not allowed from this page',
    todo: 'Open the notebook from the data portal or from the hub itself.',
  },
  network: {
    title: 'The hub cannot be reached',
    todo: 'Check your connection, then try again.',
  },
  failed: {
    title: 'Your session could not start',
    todo: 'Try again. If it keeps failing, tell the data portal’s maintainers.',
  },
  session_lost: {
    title: 'This page lost its session',
    todo: 'The hub no longer knows this browser as the session’s owner (was the cookie blocked or deleted?). Try again, or open the notebook in a new tab.',
  },
  other: { title: 'Something went wrong', todo: 'Try again in a moment.' },
};
