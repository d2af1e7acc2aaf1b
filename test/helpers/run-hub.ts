// Runs the hub's real entry point in a child process (for restart and kill -9 tests).
import { main } from '../../src/main.js';

main(process.argv.slice(2), process.env).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
