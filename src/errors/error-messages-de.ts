/**
 * The hub's visitor-safe error messages in German, for pages shown in German. The JSON
 * API keeps the English `message` (API clients read `error`, the stable code); pages
 * translate by code, or by the exact English text where a throw site gives a more
 * specific message than the catalogue's. Pure data: the browser bundle imports it too.
 */
import type { ErrorCode } from './hub-error.js';

/** One German message per catalogue code (the type makes it complete). */
export const errorMessagesDe: Readonly<Record<ErrorCode, string>> = {
  bad_request: 'Die Anfrage ist nicht gültig.',
  setting_invalid: 'Eine Einstellung ist nicht gültig.',
  unauthorized: 'Eine Anmeldung ist erforderlich.',
  ticket_invalid: 'Das Start-Ticket ist nicht gültig.',
  forbidden: 'Das dürfen Sie nicht.',
  origin_refused: 'Anfragen von dieser Herkunft sind nicht erlaubt.',
  dataset_forbidden: 'Dieser Datensatz ist nicht öffentlich.',
  explore_disabled: 'Das Erkunden von Datensätzen in Jupyter ist auf diesem Hub ausgeschaltet.',
  not_found: 'Nicht gefunden.',
  notebook_not_found: 'Das Notebook existiert nicht.',
  session_not_found: 'Diese Sitzung gibt es nicht.',
  payload_too_large: 'Der Inhalt der Anfrage ist zu groß.',
  notebook_too_large: 'Das Notebook ist größer als die Größengrenze.',
  notebook_invalid: 'Das Notebook ist kein gültiges Jupyter-Notebook.',
  download_too_large: 'Dieses Notebook ist größer als die Grenze für Downloads.',
  fetch_refused: 'Die Datei kann von dieser Adresse nicht geholt werden.',
  hub_full:
    'Alle Sitzungen sind belegt und die Warteschlange ist voll. Versuchen Sie es bald erneut.',
  rate_limited: 'Zu viele Starts von Ihrer Adresse. Versuchen Sie es bald erneut.',
  address_limit: 'Ihre Adresse hat bereits die höchste Zahl an Sitzungen.',
  spawn_failed: 'Der Notebook-Server konnte nicht gestartet werden.',
  upstream_failed: 'Das Datenportal hat mit einem Fehler geantwortet.',
  server_error: 'Der Notebook-Server hat mit einem Fehler geantwortet.',
  ckan_unavailable: 'Das Datenportal ist gerade nicht erreichbar.',
  server_unavailable: 'Der Notebook-Server antwortet nicht.',
  spawner_unavailable: 'Die Sitzungs-Infrastruktur ist gerade nicht verfügbar.',
  spawn_timeout: 'Der Notebook-Server ist nicht rechtzeitig gestartet.',
  internal: 'Bei uns ist etwas schiefgegangen.',
};

/** German for the specific messages of throw sites, keyed by their exact English. */
export const specificMessagesDe: Readonly<Record<string, string>> = {
  'The launch ticket is malformed.': 'Das Start-Ticket ist fehlerhaft.',
  'The launch ticket is not signed by this portal.':
    'Das Start-Ticket ist nicht von diesem Portal signiert.',
  'The launch ticket has expired. Reload the dataset page and try again.':
    'Das Start-Ticket ist abgelaufen. Laden Sie die Datensatz-Seite neu und versuchen Sie es erneut.',
  'The launch ticket is valid for too long; tickets live ten minutes at most.':
    'Das Start-Ticket gilt zu lange; Tickets gelten höchstens zehn Minuten.',
  'The launch ticket is for another resource or dataset.':
    'Das Start-Ticket gilt für eine andere Ressource oder einen anderen Datensatz.',
  'The launch ticket has already been used. Reload the dataset page and try again.':
    'Das Start-Ticket wurde schon benutzt. Laden Sie die Datensatz-Seite neu und versuchen Sie es erneut.',
  'The CSRF token is missing or wrong.': 'Das CSRF-Token fehlt oder ist falsch.',
  'Name a notebook (.ipynb) of the session.': 'Nennen Sie ein Notebook (.ipynb) der Sitzung.',
  'This hub has no data portal configured.': 'Für diesen Hub ist kein Datenportal eingerichtet.',
  'The settings must be a JSON object.': 'Die Einstellungen müssen ein JSON-Objekt sein.',
  'The portal has no such dataset.': 'Das Portal hat keinen solchen Datensatz.',
  'The portal has no such resource.': 'Das Portal hat keine solche Ressource.',
  'The notebook is not a JSON object.': 'Das Notebook ist kein JSON-Objekt.',
  'The notebook has no valid list of cells.': 'Das Notebook hat keine gültige Liste von Zellen.',
  'The notebook has no metadata object.': 'Das Notebook hat kein Metadaten-Objekt.',
  'The notebook server sent no file.': 'Der Notebook-Server hat keine Datei geschickt.',
  'Use "End session" to end the session.': 'Beenden Sie die Sitzung mit „Sitzung beenden“.',
  'The request body is not valid JSON of the expected shape.':
    'Der Inhalt der Anfrage ist kein gültiges JSON der erwarteten Form.',
  'Too many sign-in attempts. Try again soon.':
    'Zu viele Anmeldeversuche. Versuchen Sie es bald erneut.',
  'Say which notebook to run: "notebook", "resource_id" or "dataset_id".':
    'Geben Sie an, welches Notebook laufen soll: „notebook“, „resource_id“ oder „dataset_id“.',
  'The admin dashboard has an address of its own (the admin listener, adminPort).':
    'Die Verwaltung hat eine eigene Adresse (der Admin-Listener, adminPort).',
  'This session is not running, so there is nothing to download.':
    'Diese Sitzung läuft nicht, also gibt es nichts herunterzuladen.',
  'The data portal cannot be reached right now. Try again in a minute.':
    'Das Datenportal ist gerade nicht erreichbar. Versuchen Sie es in einer Minute erneut.',
  'The notebook is not valid JSON.': 'Das Notebook ist kein gültiges JSON.',
  'The admin API takes the dashboard’s cookie only from the dashboard itself.':
    'Die Admin-API nimmt das Cookie der Verwaltung nur von der Verwaltung selbst an.',
  'Too many wrong admin tokens from this address. Try again soon.':
    'Zu viele falsche Admin-Tokens von dieser Adresse. Versuchen Sie es bald erneut.',
  'The portal refused the resource id as invalid.':
    'Das Portal hat die Ressourcen-ID als ungültig abgelehnt.',
  'This dataset is private. Log in to the portal to run it.':
    'Dieser Datensatz ist privat. Melden Sie sich im Portal an, um ihn auszuführen.',
  'This hub does not accept launch tickets (no ticket secret is set).':
    'Dieser Hub nimmt keine Start-Tickets an (kein Ticket-Geheimnis gesetzt).',
  'The resource id is not valid.': 'Die Ressourcen-ID ist nicht gültig.',
  'The dataset id is not valid.': 'Die Datensatz-ID ist nicht gültig.',
  'The Docker engine is not reachable.': 'Die Docker-Engine ist nicht erreichbar.',
  'The session image is not on the Docker engine.':
    'Das Sitzungs-Image ist nicht auf der Docker-Engine.',
};

/**
 * German for messages with a value in them (a name, a size), by pattern: the value is
 * kept. Anchored, and each value is limited to one line of text.
 */
const patternMessagesDe: ReadonlyArray<readonly [RegExp, (...values: string[]) => string]> = [
  [/^There is no notebook called "(.*)"\.$/, (name) => `Es gibt kein Notebook namens „${name}“.`],
  [
    /^The notebook is ([\d.]+ MiB); the limit is ([\d.]+ MiB)\.$/,
    (size, limit) => `Das Notebook ist ${size} groß; die Grenze ist ${limit}.`,
  ],
  [
    /^The notebook is larger than the limit of ([^\n]+)\.$/,
    (limit) => `Das Notebook ist größer als die Grenze von ${limit}.`,
  ],
  [
    /^This resource is not a Jupyter notebook \((.*)\)\.$/,
    (format) => `Diese Ressource ist kein Jupyter-Notebook (${format}).`,
  ],
];

/**
 * An error's message in the page language (`en` or `de`): for German the specific
 * translation of `message`, else its pattern's, else the German of `code`, else
 * `message` unchanged.
 */
export function errorMessageIn(lang: string, code: string, message: string): string {
  if (!lang.toLowerCase().startsWith('de')) return message;
  if (Object.hasOwn(specificMessagesDe, message)) return specificMessagesDe[message]!;
  for (const [pattern, german] of patternMessagesDe) {
    const match = pattern.exec(message);
    if (match) return german(...match.slice(1));
  }
  if (Object.hasOwn(errorMessagesDe, code)) return errorMessagesDe[code as ErrorCode];
  return message;
}
