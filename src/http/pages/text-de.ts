/** The hub's server-rendered pages in German (the type is the English text's: complete). */
import type { PageText, SettingFields } from './text.js';

const settingFields: SettingFields = [
  ['max_sessions', 'Höchstzahl an Sitzungen', 'Ganze Zahl, mindestens 1.'],
  [
    'max_guest_sessions',
    'Höchstzahl an Gastsitzungen',
    'Besucher ohne Anmeldung im Portal; höchstens die Höchstzahl.',
  ],
  ['idle_timeout_seconds', 'Leerlauf-Zeitlimit (Sekunden)', 'Mindestens 5.'],
  ['max_lifetime_seconds', 'Höchste Laufzeit (Sekunden)', 'Mindestens 5.'],
  ['cpu_percent', 'CPU-Anteil (% eines Kerns)', 'Von 1 bis 100.'],
  ['memory_limit', 'Speichergrenze', 'Zum Beispiel 512M oder 1G.'],
  [
    'explore_datasets',
    'Datensätze in Jupyter erkunden',
    'Aus: kein Datensatz öffnet sich als erzeugtes Start-Notebook.',
  ],
  [
    'explore_formats',
    'Formate, die das Start-Notebook lädt',
    'Eine Datei eines anderen Formats wird nicht kopiert; ihre Zelle sagt, wie man sie von Hand holt.',
  ],
];

export const pageTextDe: PageText = {
  lang: 'de',
  hubName: 'Notebook-Hub',
  index: {
    title: 'Notebooks',
    intro:
      'Öffnen Sie ein Notebook, um einen eigenen Jupyter-Server zu bekommen. Was Sie ändern, wird nach dem Ende der Sitzung nicht aufbewahrt.',
    empty: 'Hier gibt es noch keine Notebooks.',
    open: 'Öffnen',
  },
  run: {
    ckanTitle: 'Notebook aus dem Datenportal',
    ckanDatasetTitle: 'Einen Datensatz aus dem Datenportal erkunden',
    intro:
      'Führen Sie dieses Notebook in einem eigenen Jupyter-Server aus: Zellen ausführen und bearbeiten, Bibliotheken installieren. ' +
      'Wenn die Sitzung endet, sind Ihre Änderungen weg – mit „Meine Kopie herunterladen“ behalten Sie sie.',
    runButton: 'Dieses Notebook ausführen',
    capacityLoading: 'Freie Sitzungen werden geprüft …',
    previewLabel: (title: string) => `Vorschau von ${title}`,
    progressHeading: 'Ihre Sitzung wird gestartet',
    stages: {
      queued: 'Warten auf einen freien Platz',
      fetching: 'Notebook wird geholt',
      starting: 'Ihr Jupyter-Server startet',
      scheduling: 'Ein Rechner mit freiem Platz wird gesucht',
      preparing: 'Sein Image wird vorbereitet',
      connecting: 'Verbindung wird hergestellt',
      ready: 'Bereit',
    },
    leaveQueue: 'Warteschlange verlassen',
    filesLabel: 'Datendateien',
    barLabel: 'Ihre Sitzung',
    download: 'Meine Kopie herunterladen',
    restart: 'Vom Original neu beginnen',
    end: 'Sitzung beenden',
    newTab: 'In neuem Tab öffnen',
    newTabHint: '(öffnet einen neuen Tab)',
    confirmNo: 'Abbrechen',
    notebookFrame: (title: string) => `Jupyter-Notebook: ${title}`,
    endedHeading: 'Ihre Sitzung ist beendet',
    changesGone:
      'Ihre Änderungen sind weg: Der Server und seine Dateien wurden entfernt. Eine neue Sitzung beginnt mit dem Original-Notebook.',
    startAgain: 'Mit dem Original neu starten',
    allNotebooks: 'Alle Notebooks',
    retry: 'Erneut versuchen',
  },
  errors: {
    notebook_not_found: {
      title: 'Notebook nicht gefunden',
      todo: 'Prüfen Sie die Adresse, oder wählen Sie ein Notebook aus der Liste.',
    },
    notebook_invalid: {
      title: 'Dieses Notebook kann nicht geöffnet werden',
      todo: 'Die Datei ist kein gültiges Jupyter-Notebook. Sagen Sie es denen, die es veröffentlichen.',
    },
    notebook_too_large: {
      title: 'Dieses Notebook ist zu groß',
      todo: 'Notebooks über der Größengrenze können hier nicht ausgeführt werden. Laden Sie es stattdessen aus dem Datenportal herunter.',
    },
    other: {
      title: 'Etwas ist schiefgegangen',
      todo: 'Versuchen Sie es gleich noch einmal.',
    },
  },
  admin: {
    title: 'Notebook-Hub – Verwaltung',
    loginHeading: 'Anmelden',
    loginIntro: 'Geben Sie das Admin-Token des Hubs ein.',
    tokenLabel: 'Admin-Token',
    loginButton: 'Anmelden',
    loginFailed: 'Dieses Token ist nicht richtig.',
    logout: 'Abmelden',
    capacityHeading: 'Kapazität',
    sessionsHeading: 'Laufende Sitzungen',
    sessionsColumns: [
      'Sitzung',
      'Besucher',
      'Notebook-Datei',
      'Zustand',
      'Alter',
      'Leerlauf',
      'Prozessor',
      'Speicher',
      '',
    ],
    noSessions: 'Keine laufenden Sitzungen.',
    settingsHeading: 'Einstellungen',
    settingsIntro:
      'Änderungen gelten ab dem nächsten Start; laufende Sitzungen behalten ihre Grenzen.',
    save: 'Einstellungen speichern',
    historyHeading: 'Starts und Enden',
    hoursLabel: 'Zeitraum',
    hours: (n: number) => (n === 1 ? 'letzte Stunde' : `letzte ${n} Stunden`),
    defaultValue: (value: string) => `Standard: ${value}.`,
    switchOn: 'an',
    switchOff: 'aus',
    settingFields,
  },
};
