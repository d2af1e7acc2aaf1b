import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../src/preview/render-markdown.js';
import { assertInertHtml } from './fixtures/assert-inert.js';
import { hostileHtml, hostileMarkdown } from './fixtures/hostile-corpus.js';
import { solidPngBase64 } from './fixtures/solid-png.js';

const beacon = (id: string) => `http://beacon.test:9/beacon/${id}`;
const png = solidPngBase64(3, 3, [10, 20, 30]);

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown(
      '# Title\n\n*em* **strong** ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open',
    );
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<em>em<\/em> <strong>strong<\/strong> <del>gone<\/del>/);
    assert.match(html, /<table>[\s\S]*<td>2<\/td>/);
    assert.match(html, /<span class="nb-task-done" title="done"><\/span> done/);
    assert.match(html, /<span class="nb-task-open" title="to do"><\/span> open/);
  });

  it('highlights fenced code and escapes HTML in it', () => {
    const html = renderMarkdown("```python\nimport os\nprint('<script>')\n```");
    assert.match(
      html,
      /<code class="hljs language-python"><span class="hljs-keyword">import<\/span> os/,
    );
    assert.match(html, /&lt;script&gt;/);
    assert.doesNotMatch(html, /<script/);
  });

  it('keeps TeX verbatim instead of reading it as markdown', () => {
    const html = renderMarkdown(
      'Inline $a_1 * b_2$ here.\n$$\n\\sum_{i=1}^n x_i * y_i\n$$\nPrices: $5 and $10.',
    );
    assert.match(html, /<span class="nb-math">\$a_1 \* b_2\$<\/span>/);
    assert.match(
      html,
      /<div class="nb-math nb-math-display">\$\$\n\\sum_\{i=1\}\^n x_i \* y_i\n\$\$<\/div>/,
    );
    assert.match(html, /Prices: \$5 and \$10\./);
    assert.doesNotMatch(html, /<em>/);
  });

  it('leaves dollar signs inside code alone', () => {
    const html = renderMarkdown('`$x$`\n\n```\n$$\ny\n$$\n```');
    assert.match(html, /<code>\$x\$<\/code>/);
    assert.doesNotMatch(html, /nb-math/);
  });

  it('resolves attachment: images from the cell attachments, and only valid raster ones', () => {
    const attachments = {
      'my pic.png': { 'image/png': png },
      'bad.png': { 'image/png': 'not base64!' },
      'vector.svg': { 'image/svg+xml': '<svg onload="x()"/>' },
    };
    const html = renderMarkdown(
      '![ok](attachment:my%20pic.png) ![bad](attachment:bad.png) ![svg](attachment:vector.svg) ![gone](attachment:missing.png)',
      attachments,
    );
    assert.ok(html.includes(`<img src="data:image/png;base64,${png}" alt="ok" />`));
    for (const alt of ['bad', 'svg', 'gone']) {
      assert.ok(html.includes(`title="Image not shown in preview: ${alt}"`), alt);
    }
  });

  it('sanitizes raw HTML and hostile links in markdown', () => {
    for (const payload of [...hostileMarkdown(beacon), ...hostileHtml(beacon)]) {
      assertInertHtml(renderMarkdown(payload.html), payload.id);
    }
  });
});
