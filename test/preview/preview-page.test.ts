import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewCss } from '../../src/preview/preview-css.js';
import { previewDocument } from '../../src/preview/preview-document.js';
import { previewFrame } from '../../src/preview/preview-frame.js';
import { frameAncestorsSources, previewHeaders } from '../../src/preview/preview-headers.js';
import { stylesheetHref } from '../../src/preview/stylesheet-href.js';

describe('previewHeaders', () => {
  it('sends the strict CSP with the given frame ancestors, nosniff and no referrer', () => {
    assert.deepEqual(previewHeaders(['https://ckan.example.org', 'http://localhost:5000']), {
      'content-security-policy':
        "default-src 'none'; img-src data:; style-src 'self'; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors https://ckan.example.org http://localhost:5000; base-uri 'none'; form-action 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
  });

  it("means 'self' by an empty list and normalizes origins", () => {
    assert.equal(frameAncestorsSources([]), "'self'");
    assert.equal(
      frameAncestorsSources(["'self'", 'https://CKAN.example.org/']),
      "'self' https://ckan.example.org",
    );
  });

  it('refuses wildcards, paths, other schemes and directive injection', () => {
    for (const bad of [
      '*',
      'https://*.example.org',
      'https://a.org/path',
      'https://a.org; script-src *',
      'https://a.org https://b.org',
      'javascript:alert(1)',
      'data:',
      'https://user@a.org',
      'ckan.example.org',
      "'unsafe-inline'",
      '',
    ]) {
      assert.throws(() => previewHeaders([bad]), TypeError, bad);
    }
  });
});

describe('previewFrame', () => {
  it('is a fully sandboxed iframe with escaped attributes', () => {
    assert.equal(
      previewFrame('/hub/preview/ckan/a"b', 'Preview <x>'),
      '<iframe class="nb-preview-frame" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/hub/preview/ckan/a&quot;b" title="Preview &lt;x&gt;" referrerpolicy="no-referrer"></iframe>',
    );
  });
});

describe('previewDocument', () => {
  it('escapes the title and links the stylesheet, with no inline style or script', () => {
    const page = previewDocument('<p>body</p>', {
      title: '</title><script>x</script>',
      stylesheetHref: '../preview.css?v=1&x="',
    });
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<title>&lt;\/title&gt;&lt;script&gt;x&lt;\/script&gt;<\/title>/);
    assert.match(page, /<link rel="stylesheet" href="\.\.\/preview\.css\?v=1&amp;x=&quot;">/);
    assert.doesNotMatch(page, /<script|<style|style=/);
    assert.match(page, /<p>body<\/p>/);
  });

  it('has a stylesheet that loads nothing and scripts nothing', () => {
    assert.doesNotMatch(previewCss, /url\(|@import|expression|javascript|behavior/i);
  });
});

describe('stylesheetHref', () => {
  const resolve = (page: string, marker: string) =>
    new URL(stylesheetHref(page, marker), `http://h${page}`).pathname;

  it('points from any preview page to the stylesheet route under any base path', () => {
    assert.equal(resolve('/preview/ckan/abc', '/preview/ckan/'), '/preview/preview.css');
    assert.equal(
      resolve('/hub/x/preview/notebooks/a/b/c.ipynb', '/preview/notebooks/'),
      '/hub/x/preview/preview.css',
    );
    assert.equal(
      resolve('/hub/preview/notebooks/c.ipynb', '/preview/notebooks/'),
      '/hub/preview/preview.css',
    );
    assert.match(stylesheetHref('/preview/ckan/abc', '/preview/ckan/'), /\?v=[0-9a-f]{12}$/);
  });
});
