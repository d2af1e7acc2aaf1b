/** Plural forms by the language's own rules (Intl.PluralRules): `one`, `other`, and any others it has. */
export type PluralForms = { one: string; other: string } & Partial<
  Record<Intl.LDMLPluralRule, string>
>;

export function plural(lang: string, n: number, forms: PluralForms): string {
  const rule = new Intl.PluralRules(lang).select(n);
  return (forms[rule] ?? forms.other).replace('#', String(n));
}

/** The language of this page (the server sets `<html lang>`), `en` outside a browser. */
export function pageLang(): string {
  return typeof document === 'undefined' ? 'en' : document.documentElement.lang || 'en';
}
