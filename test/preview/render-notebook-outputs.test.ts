import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { display, withOutputs } from './fixtures/notebook-builders.js';
import { solidPngBase64 } from './fixtures/solid-png.js';

const png = solidPngBase64(4, 2, [1, 2, 3]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString(
  'base64',
);

describe('renderNotebook: outputs', () => {
  it('renders streams and execute results with their prompt', () => {
    const html = withOutputs([
      { output_type: 'stream', name: 'stdout', text: ['a <b>\n', 'c'] },
      { output_type: 'stream', name: 'stderr', text: 'warn' },
      {
        output_type: 'execute_result',
        execution_count: 7,
        data: { 'text/plain': "'x'" },
        metadata: {},
      },
    ]);
    assert.match(html, /nb-stdout[\s\S]*<pre class="nb-stream">a &lt;b&gt;\nc<\/pre>/);
    assert.match(html, /nb-stderr[\s\S]*>warn</);
    assert.match(
      html,
      /<div class="nb-prompt">Out\[7\]:<\/div><div class="nb-output-body"><pre class="nb-text">&#39;x&#39;<\/pre>/,
    );
  });

  it('maps traceback colours to classes and keeps no escape characters', () => {
    const html = withOutputs([
      {
        output_type: 'error',
        ename: 'E',
        evalue: 'v',
        traceback: ['\x1b[0;31mValueError\x1b[0m: bad <x>'],
      },
    ]);
    assert.match(
      html,
      /<pre class="nb-traceback"><span class="ansi-red-fg">ValueError<\/span>: bad &lt;x&gt;<\/pre>/,
    );
    assert.ok(!html.includes('\x1b'));
    assert.match(
      withOutputs([{ output_type: 'error', ename: 'KeyError', evalue: "'k'", traceback: [] }]),
      /KeyError: &#39;k&#39;/,
    );
  });

  it('embeds PNG and JPEG as validated data URIs with metadata sizes', () => {
    const html = withOutputs([
      display(
        { 'image/png': `${png.slice(0, 10)}\n${png.slice(10)}` },
        { 'image/png': { width: 40, height: '9' } },
      ),
      display({ 'image/jpeg': jpeg }),
    ]);
    assert.ok(
      html.includes(
        `<img class="nb-image" alt="PNG output" width="40" src="data:image/png;base64,${png}">`,
      ),
    );
    assert.ok(html.includes(`src="data:image/jpeg;base64,${jpeg}"`));
  });

  it('falls back from an invalid image to text, saying so', () => {
    const html = withOutputs([display({ 'image/png': jpeg, 'text/plain': '<Figure>' })]);
    assert.match(html, /&lt;Figure&gt;/);
    assert.match(html, /Image not shown in preview: the image\/png data is not valid\./);
    assert.doesNotMatch(html, /<img/);
  });

  it('replaces images over the size limit with a note', () => {
    const html = withOutputs([display({ 'image/png': png })], { maxImageBytes: 10 });
    assert.match(html, /Image not shown in preview: \d+ bytes is over the 10 bytes limit\./);
  });

  it('shows SVG only as a base64 image, never inline', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
    const html = withOutputs([
      display({
        'image/svg+xml': svg.split('>').map((s, i, a) => (i < a.length - 1 ? `${s}>` : s)),
      }),
    ]);
    assert.ok(
      html.includes(
        `<img class="nb-image" alt="SVG output" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
      ),
    );
    assert.doesNotMatch(html, /<svg|onload|<script/);
  });

  it('sanitizes HTML, renders markdown, escapes plain text and LaTeX', () => {
    const html = withOutputs([
      display({
        'text/html': '<table class="dataframe"><tr><td onclick="x()">1</td></tr></table>',
        'text/plain': 'ignored',
      }),
      display({ 'text/markdown': '**bold** $x$' }),
      display({ 'text/latex': '$\\frac{<a>}{b}$' }),
    ]);
    assert.match(
      html,
      /<div class="nb-html"><table class="dataframe"><tr><td>1<\/td><\/tr><\/table><\/div>/,
    );
    assert.doesNotMatch(html, /ignored/);
    assert.match(html, /<strong>bold<\/strong> <span class="nb-math">\$x\$<\/span>/);
    assert.match(html, /<pre class="nb-latex">\$\\frac\{&lt;a&gt;\}\{b\}\$<\/pre>/);
  });

  it('drops JavaScript and widget outputs with a note, keeping a safe fallback', () => {
    const note = /JavaScript output not shown in preview\./;
    assert.match(withOutputs([display({ 'application/javascript': 'alert(1)' })]), note);
    assert.doesNotMatch(withOutputs([display({ 'application/javascript': 'alert(1)' })]), /alert/);
    const widget = withOutputs([
      display({
        'application/vnd.jupyter.widget-view+json': { model_id: 'm' },
        'text/plain': 'IntSlider(value=3)',
      }),
    ]);
    assert.match(widget, /IntSlider\(value=3\)/);
    assert.match(widget, note);
    assert.match(
      withOutputs([
        display({ 'text/html': '<div id="plot"></div><script>Plotly.plot()</script>' }),
      ]),
      note,
    );
    assert.match(
      withOutputs([display({ 'application/x-custom': 'q' })]),
      /Output of type application\/x-custom not shown in preview\./,
    );
    const both = withOutputs([
      display({ 'application/javascript': 'x()', 'text/html': '<p>p</p><script>x()</script>' }),
    ]);
    assert.equal(
      both.split('JavaScript output not shown in preview.').length,
      2,
      'one note, not two',
    );
  });

  it('cuts oversized text, HTML and stream outputs with a visible note', () => {
    const big = 'x'.repeat(300 * 1024);
    const cuts = [
      withOutputs([display({ 'text/plain': big })]),
      withOutputs([display({ 'text/html': `<p>${big}</p>` })]),
      withOutputs([{ output_type: 'stream', name: 'stdout', text: big }]),
    ];
    for (const html of cuts) {
      assert.match(html, /Output truncated in preview: showing the first 100.0 KB of 300.0 KB\./);
      assert.ok(html.length < 110 * 1024);
    }
    assert.match(
      withOutputs([display({ 'text/plain': 'é'.repeat(10) })], { maxOutputBytes: 5 }),
      /<pre class="nb-text">éé<\/pre>/,
    );
  });
});
