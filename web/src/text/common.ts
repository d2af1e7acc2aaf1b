/** Strings both pages' shared code writes, by page language. */
import { pageLang } from '../common/plural.js';

export const commonTexts = {
  en: {
    noAnswer: 'No answer from the hub.',
    answered: (status: number) => `The hub answered ${status}.`,
  },
  de: {
    noAnswer: 'Keine Antwort vom Hub.',
    answered: (status: number) => `Der Hub antwortete mit ${status}.`,
  },
} satisfies Record<string, { noAnswer: string; answered: (status: number) => string }>;

export const commonText = pageLang().startsWith('de') ? commonTexts.de : commonTexts.en;
