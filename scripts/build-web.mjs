#!/usr/bin/env node
// Bundles the browser code in web/src (TypeScript) into web/dist, served by the hub at /static/.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const src = new URL('../web/src/', import.meta.url).pathname;
const out = new URL('../web/dist/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const entries = readdirSync(src).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'),
);
await build({
  entryPoints: entries.map((f) => join(src, f)),
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
for (const f of readdirSync(src).filter((f) => f.endsWith('.css')))
  copyFileSync(join(src, f), join(out, f));
console.log(`web: built ${entries.length} bundles into web/dist`);
