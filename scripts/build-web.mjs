#!/usr/bin/env node
// Bundles the browser code in web/ into web/dist, served by the hub at {base}static/:
// every top-level web/src/*.ts is a page script (TypeScript, bundled with its imports),
// every top-level web/src/*.css a stylesheet (bundled with its @imports). Nothing is
// loaded from a CDN.
import { build } from 'esbuild';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const src = new URL('../web/src/', import.meta.url).pathname;
const out = new URL('../web/dist/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const files = readdirSync(src);
const scripts = files.filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'),
);
const styles = files.filter((f) => f.endsWith('.css'));
await build({
  entryPoints: [...scripts, ...styles].map((f) => join(src, f)),
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
console.log(`web: built ${scripts.length} scripts and ${styles.length} stylesheets into web/dist`);
