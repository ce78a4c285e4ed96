import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError } from '@devsecops/action-kit';

/** Resolves the folder to scan, which must exist. */
export function resolveTarget(path: string): string {
  const root = resolve(path);
  if (!existsSync(root)) {
    throw new ConfigurationError(`Path "${path}" does not exist. Give a folder to scan.`);
  }
  if (!statSync(root).isDirectory()) {
    throw new ConfigurationError(
      `Path "${path}" is not a folder. Give the folder that contains it.`,
    );
  }
  return root;
}

/** Resolves `--config` against the working directory; undefined leaves the scanned folder's default. */
export function resolveConfig(config: string | undefined): string | undefined {
  if (config === undefined) return undefined;
  const file = resolve(config);
  if (!existsSync(file)) {
    throw new ConfigurationError(`Policy file "${config}" does not exist. Check --config.`);
  }
  return file;
}
