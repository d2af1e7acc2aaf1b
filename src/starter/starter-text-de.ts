/** The starter notebook's texts in German (the type is the English text's: complete). */
import { formatBytes } from '../net/format-bytes.js';
import type { StarterText } from './starter-text-en.js';

const bytesDe = (n: number) =>
  formatBytes(n)
    .replace('.', ',')
    .replace(/ bytes$/, ' Bytes');

export const starterTextDe: StarterText = {
  generated: (modified: string) =>
    `*Dieses Start-Notebook hat der Notebook-Hub aus den Metadaten des Datensatzes erzeugt (Stand ${modified}). Führen Sie es von oben nach unten aus: Jeder Abschnitt lädt eine Ressource.*`,
  licence: 'Lizenz',
  organization: 'Organisation',
  tags: 'Schlagwörter',
  datasetPage: 'Seite des Datensatzes',
  noLicence: 'nicht angegeben',
  setupHeading:
    '## Vorbereitung\nDie Hilfsfunktionen, die alle folgenden Abschnitte nutzen: Leser, die Zeichenkodierung und Trennzeichen einer Datei selbst erkennen, eine Übersicht und ein Diagramm.',
  fileSource: (name: string, format: string, file: string, url: string) =>
    `*Quelle:* die Ressource „${name}“ (${format || 'ohne Format'}) dieses Datensatzes, beim Start der Sitzung von <${url}> nach \`data/${file}\` kopiert.`,
  noReader: (file: string) =>
    `Der Hub hat diese Datei nach \`data/${file}\` kopiert, aber das Notebook hat keinen Leser für ihr Format: Öffnen Sie sie im Dateibrowser.`,
  datastoreIntro: (name: string, id: string) =>
    `Diese Ressource ist eine Tabelle im DataStore des Portals (Ressourcen-ID \`${id}\`). Die Hilfsfunktionen unten blättern mit \`datastore_search\` anonym durch sie: Eine private Tabelle wird aus der ersten Seite gelesen, die der Hub beim Start gespeichert hat.`,
  datastoreRest:
    'Für **alle Zeilen** blättern Sie durch die Tabelle: `datastore_all(resource_id)` holt 1000 Zeilen je Aufruf, bis die Gesamtzahl erreicht ist (höchstens `max_rows`).',
  datastoreSql:
    'Wenn das Portal SQL-Suche erlaubt (`ckan.datastore.sqlsearch.enabled`), heißt die Tabelle wie ihre Ressourcen-ID in doppelten Anführungszeichen. CKAN 2.10 liefert Zahlenspalten eines SQL-Ergebnisses als Text: Wenden Sie `pd.to_numeric` darauf an.',
  skippedHeading: (name: string) => `### ${name}: nicht kopiert`,
  skippedWhy: {
    link: 'Ein Link auf eine Webseite, keine Datendatei: Öffnen Sie ihn im Browser.',
    format: (format: string, formats: readonly string[]) =>
      `Ihr Format (${format || 'keines'}) gehört nicht zu denen, die der Hub kopiert (${formats.join(', ')}).`,
    notLoaded: (format: string, formats: readonly string[]) =>
      `Dieser Hub lädt keine ${format}-Dateien in Start-Notebooks (er lädt: ${formats.join(', ') || 'keine'}).`,
    size: (size: number, left: number, limit: number) =>
      `Nicht kopiert: ${bytesDe(size)} sind mehr als die ${bytesDe(Math.max(0, left))}, die von der Datengrenze von ${bytesDe(limit)} übrig sind.`,
  },
  fetchByHand: 'Laden Sie sie von Hand, zum Beispiel so:',
  otherNotebooks:
    'Dieser Datensatz hat auch Notebooks; sie liegen in dieser Sitzung neben diesem hier:',
  codeComments: {
    'A CSV/TSV whose encoding, separator and decimal mark nobody recorded.':
      'Eine CSV/TSV-Datei, deren Kodierung, Trennzeichen und Dezimalzeichen niemand angegeben hat.',
    'The candidate found the same number of times on each of the first lines (the most\n    often, when several are): a header like "PM2,5" does not fool it.':
      'Das Zeichen, das in jeder der ersten Zeilen gleich oft vorkommt (bei mehreren das\n    häufigste): Eine Kopfzeile wie „PM2,5“ führt es nicht in die Irre.',
    'Text columns that are all dates in one format become datetime columns.':
      'Textspalten, die nur Datumsangaben in einem Format enthalten, werden Datumsspalten.',
    '# A sample first: most text columns are not dates, and parsing is slow.':
      '# Erst eine Stichprobe: Die meisten Textspalten sind keine Daten, und das Parsen ist langsam.',
    'The file as a DataFrame (a dict of them for a workbook), or None with the reason.':
      'Die Datei als DataFrame (bei einer Arbeitsmappe ein dict davon) oder None mit dem Grund.',
    '(name, DataFrame) pairs of one file: one per sheet of a workbook.':
      'Paare (Name, DataFrame) einer Datei: eines je Tabellenblatt einer Arbeitsmappe.',
    'One chart: numeric columns over the first date column, else a histogram, else the map.':
      'Ein Diagramm: Zahlenspalten über der ersten Datumsspalte, sonst ein Histogramm, sonst die Karte.',
    "One call to the portal's Action API, anonymous: what the public may read.":
      'Ein Aufruf der Action-API des Portals, anonym: was die Öffentlichkeit lesen darf.',
    "One page of a DataStore table as a DataFrame, and the table's row count.":
      'Eine Seite einer DataStore-Tabelle als DataFrame und die Zeilenzahl der Tabelle.',
    'All rows, page by page (at most max_rows).':
      'Alle Zeilen, Seite für Seite (höchstens max_rows).',
    'The first page live from the portal, else the copy the hub saved at launch.':
      'Die erste Seite direkt vom Portal, sonst die Kopie, die der Hub beim Start gespeichert hat.',
  },
};
