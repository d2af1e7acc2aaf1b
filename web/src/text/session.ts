/**
 * The visitor's page's strings in its language: the page's `<html lang>` picks English
 * (session-en.ts) or German (session-de.ts).
 */
import { pageLang } from '../common/plural.js';
import { problemTextDe, sessionTextDe } from './session-de.js';
import { problemTextEn, sessionTextEn, type ProblemText, type SessionText } from './session-en.js';

export type { ProblemText, SessionText };

export const sessionTexts: Record<
  string,
  { session: SessionText; problems: Record<string, ProblemText> }
> = {
  en: { session: sessionTextEn, problems: problemTextEn },
  de: { session: sessionTextDe, problems: problemTextDe },
};

const chosen = sessionTexts[pageLang().split('-')[0] ?? 'en'] ?? sessionTexts.en!;
export const sessionText: SessionText = chosen.session;
export const problemText: Record<string, ProblemText> = chosen.problems;
