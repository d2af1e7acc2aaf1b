import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeNotebookHtml } from '../../src/preview/sanitize-notebook-html.js';
import { assertInertHtml } from './fixtures/assert-inert.js';
import { hostileHtml } from './fixtures/hostile-corpus.js';
import { solidPngBase64 } from './fixtures/solid-png.js';

const beacon = (id: string) => `http://beacon.test:9/beacon/${id}`;
const png = solidPngBase64(2, 2, [0, 0, 0]);

describe('sanitizeNotebookHtml against the hostile corpus', () => {
  for (const payload of hostileHtml(beacon)) {
    it(`neutralizes ${payload.id}`, () => {
      const clean = sanitizeNotebookHtml(payload.html);
      assertInertHtml(clean, payload.id);
      assert.ok(
        !clean.includes(`="${beacon(payload.id)}`),
        `${payload.id}: beacon URL kept in an attribute`,
      );
    });
  }

  it('is a fixed point on its own output (no mutation on a second pass)', () => {
    for (const payload of hostileHtml(beacon)) {
      const once = sanitizeNotebookHtml(payload.html);
      assert.equal(sanitizeNotebookHtml(once), once, payload.id);
    }
  });

  it('neutralizes the whole corpus concatenated (payloads interacting)', () => {
    assertInertHtml(
      sanitizeNotebookHtml(
        hostileHtml(beacon)
          .map((p) => p.html)
          .join(''),
      ),
      'concatenated',
    );
  });
});

describe('sanitizeNotebookHtml keeps legitimate content', () => {
  it('opens http(s) links in a new context without opener, referrer or ranking', () => {
    assert.equal(
      sanitizeNotebookHtml('<a href="https://example.org/a?b=1&amp;c=2">x</a>'),
      '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
    assert.match(
      sanitizeNotebookHtml('<a href="mailto:a@example.org">m</a>'),
      /href="mailto:a@example.org"/,
    );
  });

  it('prefixes ids and fragment links, and drops name, so nothing clobbers DOM globals', () => {
    assert.equal(
      sanitizeNotebookHtml('<h2 id="intro" name="x">I</h2><a href="#intro">go</a>'),
      '<h2 id="user-content-intro">I</h2><a href="#user-content-intro">go</a>',
    );
    assert.equal(
      sanitizeNotebookHtml('<img name="getElementById" src="x">').includes('name='),
      false,
    );
  });

  it('keeps base64 raster images and replaces every other image with a labelled placeholder', () => {
    assert.equal(
      sanitizeNotebookHtml(`<img src="data:image/png;base64,${png}" alt="p" width="10">`),
      `<img src="data:image/png;base64,${png}" alt="p" width="10" />`,
    );
    for (const src of [
      'https://example.org/a.png',
      'data:image/png;base64,!!!!',
      `data:image/jpeg;base64,${png}`,
      'data:image/svg+xml;base64,PHN2Zy8+',
      'attachment:a.png',
    ]) {
      assert.equal(
        sanitizeNotebookHtml(`<img src="${src}" alt="chart">`),
        '<span class="nb-image-placeholder" title="Image not shown in preview: chart"></span>',
        src,
      );
    }
  });

  it('keeps pandas tables with their dataframe class and drops classes outside the allow-list', () => {
    assert.equal(
      sanitizeNotebookHtml(
        '<table border="1" class="dataframe nb-note"><tr><th colspan="2">h</th></tr></table>',
      ),
      '<table border="1" class="dataframe"><tr><th colspan="2">h</th></tr></table>',
    );
    assert.equal(sanitizeNotebookHtml('<p class="nb-note">fake</p>'), '<p>fake</p>');
  });

  it('turns task-list checkboxes into inert spans', () => {
    assert.equal(
      sanitizeNotebookHtml('<input checked disabled type="checkbox"><input type="text" value="x">'),
      '<span class="nb-task-done" title="done"></span>',
    );
  });
});
