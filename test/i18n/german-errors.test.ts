/**
 * Error messages in German: every catalogue code and every literal message a throw site
 * gives has German text, so a page in German never shows an English error; the JSON API
 * keeps English. A real hub renders the run page of a missing and of an invalid notebook
 * and the preview error page in German for `?lang=de`, and in English otherwise.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  errorMessageIn,
  errorMessagesDe,
  specificMessagesDe,
} from '../../src/errors/error-messages-de.js';
import { errorCatalogue, type ErrorCode } from '../../src/errors/hub-error.js';
import { startTestHub, type TestHub } from '../helpers/hub.js';
import { makeTempDir, type TempDir } from '../helpers/temp-dir.js';

/** Every literal message given to a HubError in src/, and the launch ticket's messages. */
function literalMessages(): string[] {
  const found: string[] = [];
  for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join('src', file), 'utf8');
    for (const m of text.matchAll(/new HubError\(\s*'\w+',\s*\{\s*message:\s*'([^']+)'/g))
      found.push(m[1]!);
    for (const m of text.matchAll(/message:\s*\n?\s*'([^']+)',\s*\n?\s*cause/g)) found.push(m[1]!);
  }
  const ticket = readFileSync('src/identity/launch-ticket-verifier.ts', 'utf8');
  const block = /const messages[^{]*\{([^}]*)\}/.exec(ticket)?.[1] ?? '';
  for (const m of block.matchAll(/:\s*'([^']+)'/g)) found.push(m[1]!);
  return found;
}

describe('error messages in German', () => {
  it('every catalogue code has its own German message', () => {
    for (const code of Object.keys(errorCatalogue) as ErrorCode[]) {
      const de = errorMessagesDe[code];
      assert.ok(de, `${code} has no German message`);
      assert.notEqual(de, errorCatalogue[code].message, `${code} is English in German`);
    }
  });

  it('every literal message of a throw site has German text', () => {
    const messages = literalMessages();
    assert.ok(messages.length >= 15, `the scan found the throw sites (${messages.length})`);
    assert.ok(
      messages.includes('The launch ticket has expired. Reload the dataset page and try again.'),
    );
    const catalogue = new Set(Object.values(errorCatalogue).map((e) => e.message as string));
    const missing = messages.filter(
      (m) => !catalogue.has(m) && !Object.hasOwn(specificMessagesDe, m),
    );
    assert.deepEqual(missing, []);
    for (const [en, de] of Object.entries(specificMessagesDe)) assert.notEqual(de, en);
  });

  it('pages translate by exact text, then by code; English stays as given', () => {
    const expired = 'The launch ticket has expired. Reload the dataset page and try again.';
    assert.match(
      errorMessageIn('de', 'ticket_invalid', expired),
      /^Das Start-Ticket ist abgelaufen/,
    );
    assert.equal(
      errorMessageIn('de', 'notebook_too_large', 'The notebook is too large, 12 MiB.'),
      errorMessagesDe.notebook_too_large,
    );
    assert.equal(
      errorMessageIn(
        'de',
        'notebook_too_large',
        'The notebook is 12.0 MiB; the limit is 10.0 MiB.',
      ),
      'Das Notebook ist 12.0 MiB groß; die Grenze ist 10.0 MiB.',
    );
    assert.equal(errorMessageIn('en', 'ticket_invalid', expired), expired);
    assert.equal(errorMessageIn('de', 'other', 'Unknown.'), 'Unknown.');
    assert.equal(errorMessageIn('de', 'toString', 'x'), 'x', 'no prototype keys');
  });
});

describe('a German page shows German error text', () => {
  let hub: TestHub;
  let notebooks: TempDir;

  before(async () => {
    notebooks = await makeTempDir('i18n');
    writeFileSync(
      join(notebooks.path, 'broken.ipynb'),
      '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "no"}',
    );
    const scripted = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          metadata: {},
          execution_count: 1,
          source: 'show()',
          outputs: [
            {
              output_type: 'display_data',
              metadata: {},
              data: { 'application/javascript': 'alert(1)' },
            },
          ],
        },
      ],
    };
    writeFileSync(join(notebooks.path, 'scripted.ipynb'), JSON.stringify(scripted));
    hub = await startTestHub({ notebooksDir: notebooks.path });
  });
  after(async () => {
    await hub?.close();
    await notebooks?.remove();
  });

  const page = (path: string, language = 'en-US') =>
    fetch(`${hub.url}${path}`, { headers: { accept: 'text/html', 'accept-language': language } });

  it('the run page of a missing notebook, by lang and by Accept-Language', async () => {
    const german = await page('run/notebooks/missing.ipynb?lang=de');
    assert.equal(german.status, 404);
    const html = await german.text();
    assert.match(html, /<html lang="de"/);
    assert.match(html, /Es gibt kein Notebook namens „missing\.ipynb“\./);
    assert.doesNotMatch(html, /There is no notebook/);
    const byHeader = await (await page('run/notebooks/missing.ipynb', 'de-DE,de;q=0.9')).text();
    assert.match(byHeader, /Es gibt kein Notebook namens „missing\.ipynb“\./);
    const english = await (await page('run/notebooks/missing.ipynb')).text();
    assert.match(english, /There is no notebook called &quot;missing\.ipynb&quot;\./);
  });

  it('the run page of an invalid notebook; the API stays English', async () => {
    const html = await (await page('run/notebooks/broken.ipynb?lang=de')).text();
    assert.match(html, /Das Notebook hat keine gültige Liste von Zellen\./);
    const api = await hub.visitor().launch({ notebook: 'broken.ipynb' });
    assert.equal(api.json.error, 'notebook_invalid');
    assert.equal(api.json.message, 'The notebook has no valid list of cells.');
  });

  it('the preview error page and the bare error page', async () => {
    const preview = await (await page('preview/notebooks/broken.ipynb?lang=de')).text();
    assert.match(preview, /<html lang="de">/);
    assert.match(preview, /Vorschau nicht verfügbar/);
    assert.match(preview, /Das Notebook hat keine gültige Liste von Zellen\./);
    const bare = await (await page('no/such/page', 'de')).text();
    assert.match(bare, /<h1>Nicht gefunden\.<\/h1>/);
  });

  it("the run page's preview frame and its notes follow the page's lang", async () => {
    const run = await (await page('run/notebooks/scripted.ipynb?lang=de')).text();
    const src = /<iframe class="nb-preview-frame"[^>]* src="([^"]+)"/.exec(run)?.[1];
    assert.equal(src, '/preview/notebooks/scripted.ipynb?lang=de');
    const preview = await (await page(src.slice(1))).text();
    assert.match(preview, /<html lang="de">/);
    assert.match(preview, /JavaScript-Ausgabe wird in der Vorschau nicht gezeigt\./);
    const english = await (await page('preview/notebooks/scripted.ipynb')).text();
    assert.match(english, /JavaScript output not shown in preview\./);
    const byHeader = await (await page('preview/notebooks/scripted.ipynb', 'de-AT')).text();
    assert.match(byHeader, /JavaScript-Ausgabe wird in der Vorschau nicht gezeigt\./);
  });

  it("the proxy's error page for a session that does not exist", async () => {
    const res = await page('user/no-such-session/tree', 'de-DE');
    assert.equal(res.status, 404);
    const html = await res.text();
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<p>(Diese Sitzung gibt es nicht|Nicht gefunden)\.<\/p>/);
  });
});
