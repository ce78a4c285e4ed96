import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const actionDir = fileURLToPath(new URL('../..', import.meta.url));
const ncc = fileURLToPath(new URL('../../../../node_modules/.bin/ncc', import.meta.url));

describe('dist/', () => {
  it('matches a fresh build of the sources (npm run build -w @devsecops/secrets-scan)', async () => {
    // The same command as the package's build script, writing elsewhere.
    const pkg = JSON.parse(await readFile(join(actionDir, 'package.json'), 'utf8')) as {
      scripts: { build: string };
    };
    const [tool, ...args] = pkg.scripts.build.split(/\s+/);
    expect(tool).toBe('ncc');
    const out = await mkdtemp(join(tmpdir(), 'secrets-scan-dist-'));
    try {
      args[args.indexOf('-o') + 1] = out;
      await promisify(execFile)(ncc, [...args, '--quiet'], { cwd: actionDir });

      const committed = await readdir(join(actionDir, 'dist'));
      const fresh = await readdir(out);
      expect(committed.sort()).toEqual(fresh.sort());
      const stale: string[] = [];
      for (const name of fresh) {
        const [a, b] = await Promise.all([
          readFile(join(out, name)),
          readFile(join(actionDir, 'dist', name)),
        ]);
        if (!a.equals(b)) stale.push(name);
      }
      expect(
        stale,
        'dist/ is stale: run npm run build -w @devsecops/secrets-scan and commit dist/',
      ).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);
});
