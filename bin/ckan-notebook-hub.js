#!/usr/bin/env node
// The `ckan-notebook-hub` command: runs the compiled hub (npm run build makes dist/).
import { main } from '../dist/main.js';

main(process.argv.slice(2), process.env).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
