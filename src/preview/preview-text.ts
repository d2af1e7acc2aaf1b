/**
 * The preview's own words (its notes and its error page) in English and German. The
 * preview routes pick the language like the hub's pages: the `lang` query parameter
 * (the CKAN plugin passes CKAN's locale), then Accept-Language, then English.
 */
export interface PreviewText {
  /** `<html lang>` of the preview page. */
  readonly lang: string;
  readonly truncated: (what: 'output' | 'cell', shown: string, total: string) => string;
  readonly javascript: string;
  readonly notShown: (types: string) => string;
  readonly emptyOutput: string;
  readonly imageTooLarge: (size: string, limit: string) => string;
  readonly imageInvalid: (mime: string) => string;
  readonly stopped: (done: number, total: number) => string;
  readonly unavailable: string;
}

const en: PreviewText = {
  lang: 'en',
  truncated: (what, shown, total) =>
    `${what === 'cell' ? 'Cell' : 'Output'} truncated in preview: showing the first ${shown} of ${total}.`,
  javascript: 'JavaScript output not shown in preview.',
  notShown: (types) => `Output of type ${types} not shown in preview.`,
  emptyOutput: 'Empty output.',
  imageTooLarge: (size, limit) => `Image not shown in preview: ${size} is over the ${limit} limit.`,
  imageInvalid: (mime) => `Image not shown in preview: the ${mime} data is not valid.`,
  stopped: (done, total) =>
    `Preview stopped after ${done} of ${total} cells: the notebook takes too long to render. Launch it to see the rest.`,
  unavailable: 'Preview not available',
};

const de: PreviewText = {
  lang: 'de',
  truncated: (what, shown, total) =>
    `${what === 'cell' ? 'Zelle' : 'Ausgabe'} in der Vorschau gekürzt: die ersten ${shown} von ${total}.`,
  javascript: 'JavaScript-Ausgabe wird in der Vorschau nicht gezeigt.',
  notShown: (types) => `Ausgabe vom Typ ${types} wird in der Vorschau nicht gezeigt.`,
  emptyOutput: 'Leere Ausgabe.',
  imageTooLarge: (size, limit) =>
    `Bild wird in der Vorschau nicht gezeigt: ${size} ist über der Grenze von ${limit}.`,
  imageInvalid: (mime) =>
    `Bild wird in der Vorschau nicht gezeigt: die ${mime}-Daten sind ungültig.`,
  stopped: (done, total) =>
    `Vorschau nach ${done} von ${total} Zellen angehalten: das Notebook braucht zu lange. Starten Sie es, um den Rest zu sehen.`,
  unavailable: 'Vorschau nicht verfügbar',
};

export const previewTexts: Readonly<Record<'en' | 'de', PreviewText>> = { en, de };

/** The text for a page language (`en`, `de`); anything else is English. */
export function previewTextFor(lang: string | undefined): PreviewText {
  return lang?.toLowerCase().startsWith('de') ? de : en;
}
