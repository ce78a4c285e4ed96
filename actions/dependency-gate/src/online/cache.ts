import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@devsecops/action-kit';

/**
 * Keeps fetched advisory records between runs. Keys include the UTC day, so that records are
 * fetched again at least once a day.
 */
export interface AdvisoryCache {
  keyFor(parts: readonly string[]): Promise<string>;
  restore(key: string): Promise<unknown[] | undefined>;
  save(key: string, records: readonly unknown[]): Promise<void>;
}

/** Options of {@link createFileCache}. */
export interface FileCacheOptions {
  /** The folder holding one JSON file per key. */
  dir: string;
  /** Clock for the day bucket (tests). */
  now?: () => Date;
}

/** A cache in a local folder: usable by the CLI, and the storage under the Actions cache. */
export function createFileCache(options: FileCacheOptions): AdvisoryCache {
  const now = options.now ?? (() => new Date());
  return {
    keyFor: async (parts) => cacheKey(parts, now()),
    restore: async (key) => {
      try {
        const doc = JSON.parse(await readFile(join(options.dir, `${key}.json`), 'utf8')) as unknown;
        const records = (doc as { records?: unknown }).records;
        return Array.isArray(records) ? records : undefined;
      } catch {
        return undefined;
      }
    },
    save: async (key, records) => {
      await mkdir(options.dir, { recursive: true });
      await writeFile(join(options.dir, `${key}.json`), JSON.stringify({ records }));
    },
  };
}

/** `advisories-<day>-<hash of the query>`. */
export function cacheKey(parts: readonly string[], at: Date): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${p.length}:${p};`);
  return `advisories-${at.toISOString().slice(0, 10)}-${hash.digest('hex').slice(0, 24)}`;
}

/** Options of {@link createActionsCache}. */
export interface ActionsCacheOptions {
  /** A folder on the runner, e.g. `${RUNNER_TEMP}/devsecops-advisories`. */
  dir: string;
  logger: Logger;
}

/**
 * A cache backed by the GitHub Actions cache service, or undefined outside Actions (the CLI
 * never loads `@actions/cache`). Cache failures are logged and never fail the run.
 */
export async function createActionsCache(
  options: ActionsCacheOptions,
): Promise<AdvisoryCache | undefined> {
  if (process.env['GITHUB_ACTIONS'] !== 'true') return undefined;
  const actionsCache = await import('@actions/cache');
  if (!actionsCache.isFeatureAvailable()) return undefined;
  const files = createFileCache({ dir: options.dir });
  const { logger } = options;
  return {
    keyFor: files.keyFor,
    restore: async (key) => {
      try {
        const hit = await actionsCache.restoreCache([options.dir], `devsecops-${key}`);
        if (!hit) return undefined;
      } catch (error) {
        logger.warning(`Could not restore the advisory cache: ${(error as Error).message}`);
        return undefined;
      }
      return files.restore(key);
    },
    save: async (key, records) => {
      await files.save(key, records);
      try {
        await actionsCache.saveCache([options.dir], `devsecops-${key}`);
      } catch (error) {
        logger.debug(`Advisory cache not saved: ${(error as Error).message}`);
      }
    },
  };
}
