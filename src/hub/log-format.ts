/**
 * The log format the hub's own logger uses: `logFormat` as configured, and for `auto`
 * pretty lines on a terminal, JSON lines otherwise.
 */
import type { Config } from '../config/schema.js';
import type { LogFormat } from '../log.js';

export function logFormat(config: Config): LogFormat {
  if (config.logFormat !== 'auto') return config.logFormat;
  return process.stderr.isTTY ? 'pretty' : 'json';
}
