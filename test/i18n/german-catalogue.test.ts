/**
 * The hub's German text is complete: every string of the server pages (text-de.ts), the
 * visitor's page and the admin dashboard (web/src/text/), the static preview's notes
 * (src/preview/preview-text.ts) and the error catalogue (src/errors/error-messages-de.ts)
 * differs from the English one
 * unless it is the same word in both languages; every message function gives German
 * output for sample arguments. Plurals follow each language's rules. The page language
 * comes from `lang`, then Accept-Language.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageLanguage } from '../../src/http/pages/page-language.js';
import { pageTextDe } from '../../src/http/pages/text-de.js';
import { pageText } from '../../src/http/pages/text.js';
import { errorMessagesDe } from '../../src/errors/error-messages-de.js';
import { errorCatalogue } from '../../src/errors/hub-error.js';
import { previewTexts } from '../../src/preview/preview-text.js';
import { adminTexts } from '../../web/src/text/admin.js';
import { commonTexts } from '../../web/src/text/common.js';
import { sessionTexts } from '../../web/src/text/session.js';

/** The same in German and English on purpose. */
const sameInGerman = new Set(['Notebooks', '', 'en']);
const samples: unknown[][] = [
  [0],
  [1],
  [2, 5, 1],
  [1, 1, 0],
  [3, 1, 2],
  ['x'],
  ['idle'],
  ['limit'],
];

function untranslated(en: unknown, de: unknown, path: string, found: string[]): void {
  if (typeof en === 'string') {
    const identifier = path === 'lang' || /settingFields\.\d+\.0$/.test(path);
    if (en === de && !sameInGerman.has(en) && !identifier) found.push(`${path}: ${en}`);
  } else if (typeof en === 'function') {
    for (const args of samples.filter((a) => a.length <= en.length || en.length === 0)) {
      let english: unknown;
      let german: unknown;
      try {
        english = (en as (...a: unknown[]) => unknown)(...args);
        german = (de as (...a: unknown[]) => unknown)(...args);
      } catch {
        continue;
      }
      if (typeof english === 'string' && english === german && !/^[\d\s·:–-]*$/.test(english))
        found.push(`${path}(${args.join(', ')}): ${english}`);
    }
  } else if (en && typeof en === 'object') {
    for (const key of Object.keys(en)) {
      assert.ok(de && typeof de === 'object' && key in de, `${path}.${key} is missing in German`);
      untranslated(
        (en as Record<string, unknown>)[key],
        (de as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
        found,
      );
    }
  }
}

test('no string of the German catalogue is left in English', () => {
  const found: string[] = [];
  untranslated(pageText, pageTextDe, '', found);
  untranslated(sessionTexts.en, sessionTexts.de, 'web', found);
  untranslated(adminTexts.en, adminTexts.de, 'admin', found);
  untranslated(commonTexts.en, commonTexts.de, 'common', found);
  untranslated(previewTexts.en, previewTexts.de, 'preview', found);
  const errorsEn = Object.fromEntries(
    Object.entries(errorCatalogue).map(([c, e]) => [c, e.message]),
  );
  untranslated(errorsEn, errorMessagesDe, 'errors', found);
  assert.deepEqual(found, []);
});

test('the check catches an English string in the German catalogue', () => {
  const found: string[] = [];
  untranslated(
    { a: 'Run', f: (n: number) => `${n} runs` },
    { a: 'Run', f: (n: number) => `${n} runs` },
    '',
    found,
  );
  assert.ok(found.some((f) => f.startsWith('a: Run')));
  assert.ok(found.some((f) => f.startsWith('f(')));
});

test('plurals in English and German', () => {
  const en = sessionTexts.en!.session;
  const de = sessionTexts.de!.session;
  assert.match(en.capacity(0, 1, 1), /^The only session is in use; 1 person is waiting\./);
  assert.match(en.capacity(0, 3, 2), /^All 3 sessions are in use; 2 people are waiting\./);
  assert.equal(en.capacity(1, 1, 0), '1 of 1 session free.');
  assert.match(de.capacity(0, 1, 1), /^Die einzige Sitzung ist belegt; 1 Person wartet\./);
  assert.match(de.capacity(0, 3, 2), /^Alle 3 Sitzungen sind belegt; 2 Personen warten\./);
  assert.match(en.queue(1, 60), /about 1 minute\./);
  assert.match(de.queue(1, 180), /etwa 3 Minuten\./);
  assert.equal(adminTexts.en!.summary(1, 2, null), '1 launch and 2 ends in this period.');
  assert.equal(adminTexts.de!.summary(1, 1, null), '1 Start und 1 Ende in diesem Zeitraum.');
});

test('the page language: lang first, then Accept-Language by quality, then English', () => {
  const req = (lang: string | undefined, accept?: string) => ({
    query: lang === undefined ? {} : { lang },
    headers: accept === undefined ? {} : { 'accept-language': accept },
  });
  assert.equal(pageLanguage(req('de')), 'de');
  assert.equal(pageLanguage(req('de_AT', 'en')), 'de');
  assert.equal(pageLanguage(req('fr', 'de-DE,de;q=0.9,en;q=0.8')), 'de');
  assert.equal(pageLanguage(req(undefined, 'fr, en;q=0.5, de;q=0.7')), 'de');
  assert.equal(pageLanguage(req(undefined, 'de;q=0, en')), 'en');
  assert.equal(pageLanguage(req(undefined)), 'en');
  assert.equal(pageLanguage(req('en', 'de')), 'en');
});
