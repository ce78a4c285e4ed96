import * as core from '@actions/core';
import type { Logger } from './logger.js';

/** Logs through `@actions/core`: workflow commands, annotations and groups. */
export function createRunnerLogger(): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m, a) => core.warning(m, a),
    error: (m, a) => core.error(m, a),
    notice: (m, a) => core.notice(m, a),
    group: (name, fn) => core.group(name, fn),
  };
}
