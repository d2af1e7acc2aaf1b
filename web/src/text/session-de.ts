/** The visitor's page in German (the types are the English text's: complete). */
import { bytes, duration } from '../common/format.js';
import { plural } from '../common/plural.js';
import type { ProblemText, SessionText } from './session-en.js';

const minutes = (seconds: number): string => {
  const m = Math.max(1, Math.round(seconds / 60));
  if (m < 90) return plural('de', m, { one: '# Minute', other: '# Minuten' });
  return plural('de', Math.round(m / 60), { one: '# Stunde', other: '# Stunden' });
};

export const sessionTextDe: SessionText = {
  capacity(free: number, max: number, queued: number): string {
    if (free > 0)
      return plural('de', max, {
        one: `${free} von # Sitzung frei.`,
        other: `${free} von # Sitzungen frei.`,
      });
    const waiting = plural('de', queued, { one: '# Person wartet', other: '# Personen warten' });
    const inUse = plural('de', max, {
      one: 'Die einzige Sitzung ist belegt',
      other: 'Alle # Sitzungen sind belegt',
    });
    return `${inUse}${queued > 0 ? `; ${waiting}` : ''}. Sie können trotzdem starten: Sie kommen in die Warteschlange.`;
  },
  capacityUnknown: 'Freie Sitzungen konnten nicht geprüft werden.',
  cookieBlocked:
    'Ihr Browser erlaubt diesem Rahmen nicht, das Cookie des Hubs zu behalten, das eine Sitzung braucht. „Dieses Notebook ausführen“ öffnet sie in einem neuen Tab.',
  stage: {
    queued: 'Warten auf einen freien Platz …',
    fetching: 'Das Notebook wird geholt …',
    starting: 'Ihr Jupyter-Server startet …',
    scheduling: 'Ein Rechner mit Platz für Ihren Server wird gesucht …',
    preparing: 'Das Image Ihres Servers wird auf seinem Rechner vorbereitet …',
    connecting: 'Verbindung zu Ihrem Server …',
    ready: 'Bereit. Das Notebook wird geöffnet …',
  },
  launching: 'Der Hub wird um eine Sitzung gebeten …',
  file: {
    datastore: (name: string) => `${name} (DataStore-Tabelle, erste Seite)`,
    waiting: 'wartet',
    fetching: (got: number, size: number | null) =>
      size === null ? `bisher ${bytes(got)}` : `${bytes(got)} von ${bytes(size)}`,
    done: (size: number) => `fertig, ${bytes(size)}`,
    skipped: {
      size: (size: number | null) =>
        size === null
          ? 'übersprungen: zu groß für die Datengrenze'
          : `übersprungen: ${bytes(size)} ist zu groß für die Datengrenze`,
      format: 'übersprungen: kein Format, das der Hub kopiert',
      link: 'übersprungen: ein Link auf eine Webseite, keine Datendatei',
    },
    failed: 'fehlgeschlagen: siehe data/README.txt in der Sitzung',
  },
  queue(position: number, waitSeconds: number | null): string {
    const wait =
      waitSeconds === null
        ? 'Die Wartezeit lässt sich noch nicht schätzen.'
        : `Geschätzte Wartezeit: etwa ${minutes(waitSeconds)}.`;
    return `Alle Sitzungen sind belegt. Sie sind auf Platz ${position} der Warteschlange. ${wait} Lassen Sie diese Seite offen: Ihre Sitzung startet von selbst.`;
  },
  timeLeft(idleSeconds: number, limitSeconds: number): string {
    return `Verbleibende Zeit: ${duration.clock(idleSeconds)} bei Leerlauf · höchstens ${duration.clock(limitSeconds)}`;
  },
  warningClock: (seconds: number) => `Endet in ${duration.clock(seconds)}`,
  warning(cause: 'idle' | 'limit'): string {
    const why =
      cause === 'limit'
        ? 'sie ihre Zeitgrenze erreicht'
        : 'in ihr nichts geschieht (eine Zelle ausführen oder speichern hält sie am Leben)';
    return `Ihre Sitzung endet bald, weil ${why}. Laden Sie jetzt Ihre Kopie herunter: Ihre Änderungen gehen sonst verloren.`;
  },
  ending: 'Ihre Sitzung wird beendet …',
  confirmEnd:
    'Sitzung beenden? Ihre Änderungen sind dann weg, wenn Sie sie nicht heruntergeladen haben.',
  confirmEndYes: 'Ja, beenden',
  confirmRestart: 'Mit dem Original-Notebook neu beginnen? Ihre Änderungen sind dann weg.',
  confirmRestartYes: 'Ja, neu beginnen',
  saving: 'Das Notebook wird gespeichert …',
  downloaded: (file: string) => `${file} heruntergeladen.`,
  downloadFailed: (why: string) => `Das Herunterladen ist fehlgeschlagen: ${why}`,
  ended: {
    idle: 'Sie endete, weil eine Weile nichts in ihr geschah (Leerlauf-Zeitlimit).',
    'max-age': 'Sie endete, weil sie ihre Zeitgrenze erreicht hat.',
    admin: 'Sie wurde von einer Administratorin oder einem Administrator beendet.',
    visitor: 'Sie haben sie beendet.',
    failed: 'Der Notebook-Server ist ausgefallen.',
    'server-died': 'Der Notebook-Server hat unerwartet aufgehört.',
    oom: 'Ihr ging der Speicher aus: Das Notebook brauchte mehr als die Speichergrenze der Sitzung.',
    unresponsive: 'Der Notebook-Server antwortete nicht mehr und wurde deshalb beendet.',
  },
  endedUnknown: 'Sie ist beendet.',
  failedDetail: (error: string) => `Der Notebook-Server ist ausgefallen: ${error}`,
  retryIn: (seconds: number) => `Neuer Versuch in ${seconds} s …`,
  lostMessage: 'Sie haben keine Sitzung mit dieser Kennung.',
  notebookFrame: (title: string) => `Jupyter-Notebook: ${title}`,
  unreachable: 'der Hub ist nicht erreichbar.',
};

export const problemTextDe: Record<string, ProblemText> = {
  hub_full: {
    title: 'Der Hub ist voll',
    todo: 'Gerade kann niemand in die Warteschlange. Diese Seite versucht es von selbst erneut.',
  },
  rate_limited: {
    title: 'Zu viele Starts',
    todo: 'In der letzten Minute wurden aus Ihrem Netz zu viele Sitzungen gestartet. Diese Seite versucht es von selbst erneut.',
  },
  address_limit: {
    title: 'Ihr Netz hat genug Sitzungen',
    todo: 'Beenden Sie eine Sitzung in einem anderen Tab oder Browser und versuchen Sie es dann erneut.',
  },
  notebook_invalid: {
    title: 'Dieses Notebook kann nicht geöffnet werden',
    todo: 'Die Datei ist kein gültiges Jupyter-Notebook. Sagen Sie es denen, die es veröffentlichen.',
  },
  notebook_not_found: {
    title: 'Notebook nicht gefunden',
    todo: 'Es wurde vielleicht verschoben oder entfernt. Gehen Sie zurück zum Datensatz und öffnen Sie es erneut.',
  },
  notebook_too_large: {
    title: 'Dieses Notebook ist zu groß',
    todo: 'Es liegt über der Größengrenze für die Ausführung hier. Laden Sie es stattdessen aus dem Datenportal herunter.',
  },
  dataset_forbidden: {
    title: 'Dieser Datensatz ist nicht zugänglich',
    todo: 'Wenn er privat ist, melden Sie sich im Datenportal an und öffnen Sie das Notebook auf der Seite des Datensatzes.',
  },
  ticket_invalid: {
    title: 'Dieser Startlink ist abgelaufen',
    todo: 'Gehen Sie zurück zur Seite des Datensatzes im Datenportal und öffnen Sie das Notebook erneut.',
  },
  ckan_unavailable: {
    title: 'Das Datenportal ist nicht erreichbar',
    todo: 'Das Notebook kommt aus dem Datenportal, das nicht antwortet. Versuchen Sie es in einer Minute erneut.',
  },
  upstream_failed: {
    title: 'Das Datenportal hat mit einem Fehler geantwortet',
    todo: 'Versuchen Sie es in einer Minute erneut.',
  },
  spawner_unavailable: {
    title: 'Sitzungen können gerade nicht gestartet werden',
    todo: 'Das Sitzungs-Backend des Hubs ist ausgefallen. Versuchen Sie es in ein paar Minuten erneut.',
  },
  server_unavailable: {
    title: 'Der Notebook-Server antwortet nicht',
    todo: 'Versuchen Sie es gleich noch einmal.',
  },
  origin_refused: {
    title: 'Von dieser Seite aus nicht erlaubt',
    todo: 'Öffnen Sie das Notebook im Datenportal oder im Hub selbst.',
  },
  network: {
    title: 'Der Hub ist nicht erreichbar',
    todo: 'Prüfen Sie Ihre Verbindung und versuchen Sie es dann erneut.',
  },
  failed: {
    title: 'Ihre Sitzung konnte nicht starten',
    todo: 'Versuchen Sie es erneut. Wenn es weiter scheitert, sagen Sie es den Betreuenden des Datenportals.',
  },
  session_lost: {
    title: 'Diese Seite hat ihre Sitzung verloren',
    todo: 'Der Hub kennt diesen Browser nicht mehr als Besitzer der Sitzung (wurde das Cookie blockiert oder gelöscht?). Versuchen Sie es erneut oder öffnen Sie das Notebook in einem neuen Tab.',
  },
  other: { title: 'Etwas ist schiefgegangen', todo: 'Versuchen Sie es gleich noch einmal.' },
};
