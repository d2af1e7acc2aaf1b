import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../../src/clock.js';
import { renderNotebook } from '../../src/preview/render-notebook.js';
import type { NotebookDocument } from '../../src/sources/validate.js';
import { assertInertHtml } from './fixtures/assert-inert.js';
import { hostileNotebook } from './fixtures/hostile-notebook.js';
import { notebook } from './fixtures/notebook-builders.js';

describe('renderNotebook: cells', () => {
  it('highlights code in the kernel language with the execution count', () => {
    const html = renderNotebook(
      notebook([
        {
          cell_type: 'code',
          execution_count: 3,
          source: ['def f(x):\n', '    return x'],
          outputs: [],
        },
      ]),
    );
    assert.match(html, /<div class="nb-prompt">In \[3\]:<\/div>/);
    assert.match(html, /<code class="hljs language-python"><span class="hljs-keyword">def<\/span>/);
  });

  it('takes the language from language_info, then kernelspec, and escapes unknown ones', () => {
    const r = renderNotebook(
      notebook([{ cell_type: 'code', source: 'x <- c(1, 2)' }], { language_info: { name: 'R' } }),
    );
    assert.match(r, /language-r/);
    const k = renderNotebook(
      notebook([{ cell_type: 'code', source: 'SELECT 1' }], { kernelspec: { language: 'sql' } }),
    );
    assert.match(k, /<span class="hljs-keyword">SELECT<\/span>/);
    const unknown = renderNotebook(
      notebook([{ cell_type: 'code', source: '<b>' }], {
        kernelspec: { language: 'no-such-lang' },
      }),
    );
    assert.match(unknown, /<code class="hljs language-no-such-lang">&lt;b&gt;<\/code>/);
  });

  it('shows a blank prompt for unexecuted cells, markdown rendered, raw cells as text', () => {
    const html = renderNotebook(
      notebook([
        { cell_type: 'code', execution_count: null, source: '' },
        { cell_type: 'markdown', source: '## Sub <em>ok</em>' },
        { cell_type: 'raw', source: '<script>raw</script>' },
      ]),
    );
    assert.match(html, /In \[ \]:/);
    assert.match(html, /<h2>Sub <em>ok<\/em><\/h2>/);
    assert.match(html, /<pre class="nb-raw">&lt;script&gt;raw&lt;\/script&gt;<\/pre>/);
  });

  it('survives malformed cells and outputs', () => {
    const html = renderNotebook(
      notebook([
        {
          cell_type: 'code',
          source: 42,
          outputs: [null, 'x', { output_type: 'stream', text: 5 }, { output_type: 'what' }],
        },
        { cell_type: 'unknown', source: 'x' },
        { source: ['a', 1] },
      ]),
    );
    assert.match(html, /^<div class="nb-notebook">/);
  });

  it('cuts oversized cell sources with a note', () => {
    const html = renderNotebook(notebook([{ cell_type: 'code', source: 'a'.repeat(5000) }]), {
      maxSourceBytes: 1000,
    });
    assert.ok(!html.includes('a'.repeat(1001)));
    assert.match(html, /Cell truncated in preview: showing the first 1000 bytes of 4.9 KB\./);
  });

  it('stops rendering, with a note, once the time budget is used', () => {
    let now = 0;
    const clock: Clock = { nowMs: () => (now += 600), wallMs: () => 0 };
    const cells = Array.from({ length: 5 }, (_, i) => ({
      cell_type: 'markdown',
      source: `cell ${i}`,
    }));
    const html = renderNotebook(notebook(cells), { maxRenderMs: 1000, clock });
    assert.match(html, /cell 1/);
    assert.doesNotMatch(html, /cell 2/);
    assert.match(html, /Preview stopped after 2 of 5 cells/);
  });
});

describe('renderNotebook: the hostile notebook', () => {
  it('renders the legitimate parts and nothing active', () => {
    const doc = hostileNotebook(
      (id) => `http://beacon.test:9/beacon/${id}`,
    ) as unknown as NotebookDocument;
    const html = renderNotebook(doc);
    assertInertHtml(html, 'hostile notebook');
    assert.match(html, /<h1>Legit heading<\/h1>/);
    assert.match(html, /<span class="hljs-keyword">import<\/span> math/);
    assert.match(html, /src="data:image\/png;base64,/);
    assert.match(html, /JavaScript output not shown in preview\./);
  });
});
