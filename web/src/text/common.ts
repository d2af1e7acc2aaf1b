/** Strings both pages' shared code writes, by page language. */
import { pageLang } from '../common/plural.js';

export const commonTexts = {
  en: { noAnswer: 'No answer from the hub.' },
  de: { noAnswer: 'Keine Antwort vom Hub.' },
} satisfies Record<string, { noAnswer: string }>;

export const commonText = pageLang().startsWith('de') ? commonTexts.de : commonTexts.en;
