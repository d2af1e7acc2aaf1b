/** Every string the admin dashboard writes at run time, in one place for translation. */

export const adminText = {
  capacity(running: number, max: number, queued: number): string {
    const queue =
      queued === 0 ? 'nobody waiting' : queued === 1 ? '1 waiting' : `${queued} waiting`;
    return `${running} of ${max} sessions in use · ${queue}`;
  },
  guest: 'guest',
  ckanUser: (name: string) => `portal user ${name}`,
  notReported: '—',
  stop: 'Stop',
  stopLabel: (id: string) => `Stop session ${id}`,
  confirmStop: 'Stop this session?',
  confirmStopYes: 'Yes, stop it',
  cancel: 'Cancel',
  stopped: (id: string) => `Session ${id} was stopped.`,
  stopFailed: (why: string) => `Could not stop the session: ${why}`,
  saved: 'Saved. The new settings apply to the next launch.',
  saveFailed: 'Not saved: correct the fields marked below.',
  signedOut: 'Your admin sign-in has ended. Reload the page to sign in again.',
  unreachable: 'The hub is not answering. Retrying…',
  chartTitle: (hours: number) =>
    `Launches and ends in the last ${hours === 1 ? 'hour' : `${hours} hours`}`,
  chartLaunches: 'launches',
  chartLatency: 'mean launch time (s)',
  summary(launches: number, ends: number, meanSeconds: number | null): string {
    const mean = meanSeconds === null ? '' : `; mean launch time ${meanSeconds.toFixed(1)} s`;
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return `${count(launches, 'launch', 'launches')} and ${count(ends, 'end', 'ends')} in this period${mean}.`;
  },
  reasons: {
    idle: 'ended: idle',
    'max-age': 'ended: time limit',
    admin: 'ended: admin',
    visitor: 'ended: by visitor',
    failed: 'ended: failed',
    'server-died': 'ended: server died',
    oom: 'ended: out of memory',
    unresponsive: 'ended: not answering',
  } as Record<string, string>,
};
