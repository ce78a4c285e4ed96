import { basename } from 'node:path';
import { EnvironmentError } from '@devsecops/action-kit';

/**
 * Loads a stage's engine, which the bundle keeps in a chunk file beside `index.js`. A copy of
 * the bundle without its chunks says so in one line rather than with a module error.
 */
export async function loadEngine<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec((error as Error).message);
    throw new EnvironmentError(
      `The devsecops bundle is incomplete: ${missing ? basename(missing[1]!) : 'a chunk'} is missing beside index.js. Install @devsecops/cli again, or copy the whole dist/ folder.`,
    );
  }
}
