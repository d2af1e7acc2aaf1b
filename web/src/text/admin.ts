/**
 * Every string the admin dashboard writes at run time, in English and German (the type
 * makes the German complete); the page's `<html lang>` picks one.
 */
import { pageLang, plural } from '../common/plural.js';

const en = {
  capacity(running: number, max: number, queued: number): string {
    const queue = queued === 0 ? 'nobody waiting' : `${queued} waiting`;
    return (
      plural('en', max, {
        one: `${running} of # session in use`,
        other: `${running} of # sessions in use`,
      }) + ` · ${queue}`
    );
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
    `Launches and ends in the last ${plural('en', hours, { one: 'hour', other: '# hours' })}`,
  chartLaunches: 'launches',
  chartLatency: 'mean launch time (s)',
  summary(launches: number, ends: number, meanSeconds: number | null): string {
    const mean = meanSeconds === null ? '' : `; mean launch time ${meanSeconds.toFixed(1)} s`;
    const launched = plural('en', launches, { one: '# launch', other: '# launches' });
    const ended = plural('en', ends, { one: '# end', other: '# ends' });
    return `${launched} and ${ended} in this period${mean}.`;
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

export type AdminText = typeof en;

const de: AdminText = {
  capacity(running: number, max: number, queued: number): string {
    const queue =
      queued === 0
        ? 'niemand wartet'
        : plural('de', queued, { one: '# wartet', other: '# warten' });
    return (
      plural('de', max, {
        one: `${running} von # Sitzung belegt`,
        other: `${running} von # Sitzungen belegt`,
      }) + ` · ${queue}`
    );
  },
  guest: 'Gast',
  ckanUser: (name: string) => `Portal-Benutzer ${name}`,
  notReported: '–',
  stop: 'Beenden',
  stopLabel: (id: string) => `Sitzung ${id} beenden`,
  confirmStop: 'Diese Sitzung beenden?',
  confirmStopYes: 'Ja, beenden',
  cancel: 'Abbrechen',
  stopped: (id: string) => `Sitzung ${id} wurde beendet.`,
  stopFailed: (why: string) => `Die Sitzung konnte nicht beendet werden: ${why}`,
  saved: 'Gespeichert. Die neuen Einstellungen gelten ab dem nächsten Start.',
  saveFailed: 'Nicht gespeichert: Korrigieren Sie die unten markierten Felder.',
  signedOut:
    'Ihre Admin-Anmeldung ist abgelaufen. Laden Sie die Seite neu, um sich wieder anzumelden.',
  unreachable: 'Der Hub antwortet nicht. Neuer Versuch …',
  chartTitle: (hours: number) =>
    `Starts und Enden in der ${plural('de', hours, { one: 'letzten Stunde', other: 'letzten # Stunden' })}`,
  chartLaunches: 'Starts',
  chartLatency: 'mittlere Startzeit (s)',
  summary(launches: number, ends: number, meanSeconds: number | null): string {
    const mean =
      meanSeconds === null
        ? ''
        : `; mittlere Startzeit ${meanSeconds.toFixed(1).replace('.', ',')} s`;
    const launched = plural('de', launches, { one: '# Start', other: '# Starts' });
    const ended = plural('de', ends, { one: '# Ende', other: '# Enden' });
    return `${launched} und ${ended} in diesem Zeitraum${mean}.`;
  },
  reasons: {
    idle: 'beendet: Leerlauf',
    'max-age': 'beendet: Zeitgrenze',
    admin: 'beendet: Verwaltung',
    visitor: 'beendet: vom Besucher',
    failed: 'beendet: fehlgeschlagen',
    'server-died': 'beendet: Server abgestürzt',
    oom: 'beendet: Speicher erschöpft',
    unresponsive: 'beendet: antwortete nicht',
  },
};

export const adminTexts: Record<string, AdminText> = { en, de };
export const adminText: AdminText = pageLang().startsWith('de') ? de : en;
