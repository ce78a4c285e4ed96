import { createMemoryLogger } from '@devsecops/action-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheKey, createActionsCache, createFileCache } from '../../src/online/cache.js';
import { removeTempDirs, tempDir } from '../supply-chain/support.js';

const saved = { ...process.env };
afterEach(async () => {
  process.env = { ...saved };
  await removeTempDirs();
});

describe('advisory caches', () => {
  it('keys by day and query', () => {
    const day = new Date('2026-12-03T23:59:00Z');
    expect(cacheKey(['a', 'b'], day)).toMatch(/^advisories-2026-12-03-[0-9a-f]{24}$/);
    expect(cacheKey(['a', 'b'], day)).not.toBe(cacheKey(['ab'], day));
    expect(cacheKey(['a'], day)).not.toBe(cacheKey(['a'], new Date('2026-12-04T00:00:00Z')));
  });

  it('stores records in a folder', async () => {
    const cache = createFileCache({ dir: await tempDir() });
    const key = await cache.keyFor(['q']);
    expect(await cache.restore(key)).toBeUndefined();
    await cache.save(key, [{ ghsa_id: 'GHSA-1' }]);
    expect(await cache.restore(key)).toEqual([{ ghsa_id: 'GHSA-1' }]);
  });

  it('uses the Actions cache only inside Actions with the cache service available', async () => {
    delete process.env['GITHUB_ACTIONS'];
    const options = { dir: await tempDir(), logger: createMemoryLogger() };
    expect(await createActionsCache(options)).toBeUndefined();
    process.env['GITHUB_ACTIONS'] = 'true';
    delete process.env['ACTIONS_CACHE_URL'];
    delete process.env['ACTIONS_RESULTS_URL'];
    expect(await createActionsCache(options)).toBeUndefined();
  });
});
