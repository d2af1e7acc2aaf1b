/**
 * The texts of the starter notebook, per language: English in starter-text-en.ts, German in
 * starter-text-de.ts (the type makes it complete). The language is the page's (the
 * visitor's `lang` / Accept-Language, see src/http/pages/page-language.ts); a language
 * the hub has no text for gets English. Markdown and the comments of the Python helpers
 * are translated; what the code prints stays English (tests and users search for it).
 */
import { starterTextDe } from './starter-text-de.js';
import { starterText, type SkippedWhy, type StarterText } from './starter-text-en.js';

export { starterText, type SkippedWhy, type StarterText };

const texts: Readonly<Record<string, StarterText>> = { en: starterText, de: starterTextDe };

/** The starter languages: a notebook is cached per dataset version and language. */
export const starterLanguages = Object.keys(texts);

/** The texts for `lang` (a primary subtag such as `de`); English for any other. */
export function starterTextFor(lang: string | undefined): StarterText {
  return (
    (lang !== undefined && Object.hasOwn(texts, lang) ? texts[lang] : undefined) ?? starterText
  );
}

/** The language a notebook is built in: `lang` when the hub has its text, else `en`. */
export function starterLanguage(lang: string | undefined): string {
  return lang !== undefined && Object.hasOwn(texts, lang) ? lang : 'en';
}

/** `code` with each English comment or docstring replaced by `t`'s. */
export function localizeCode(code: string, t: StarterText): string {
  let out = code;
  for (const [english, translated] of Object.entries(t.codeComments))
    out = out.split(english).join(translated);
  return out;
}
