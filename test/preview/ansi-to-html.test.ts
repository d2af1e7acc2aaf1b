import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ansiToHtml } from '../../src/preview/ansi-to-html.js';

describe('ansiToHtml', () => {
  it('maps SGR colours and weight to classes and resets them', () => {
    assert.equal(
      ansiToHtml('\x1b[1;31mError\x1b[0m: \x1b[32mok\x1b[39m plain'),
      '<span class="ansi-red-fg ansi-bold">Error</span>: <span class="ansi-green-fg">ok</span> plain',
    );
    assert.equal(
      ansiToHtml('\x1b[94;43mx'),
      '<span class="ansi-bright-blue-fg ansi-yellow-bg">x</span>',
    );
  });

  it('escapes the text and drops every other escape sequence', () => {
    const html = ansiToHtml('<b>\x1b[2K\x1b[1A\x1b]0;title\x07&\x1b[38;5;208morange\x1b[m\x1b(B');
    assert.equal(html, '&lt;b&gt;&amp;orange');
    assert.ok(!html.includes('\x1b'));
  });

  it('keeps only the last rewrite of a line, like a terminal', () => {
    assert.equal(ansiToHtml(' 10%\r 50%\r100%\ndone\r\n'), '100%\ndone\n');
  });
});
