#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and fails when it differs from the committed
// dist/, so that what runners execute is always what the sources say.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ncc = join(root, 'node_modules/.bin/ncc');
const bundles = ['actions', 'packages']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(root, dir, name)))
  .filter((dir) => existsSync(join(dir, 'dist/index.js')));

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

let failed = 0;
for (const dir of bundles) {
  const out = mkdtempSync(join(tmpdir(), 'dist-'));
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const args = pkg.scripts.build.split(/\s+/).slice(1).map((a) => (a === 'dist' ? out : a));
    execFileSync(ncc, args, { cwd: dir, stdio: 'pipe' });
    const committed = listFiles(join(dir, 'dist')).sort();
    const fresh = listFiles(out).sort();
    const differing = [...new Set([...committed, ...fresh])].filter((f) => {
      const a = join(dir, 'dist', f);
      const b = join(out, f);
      return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
    });
    if (differing.length > 0) {
      failed++;
      console.error(
        `${relative(root, dir)}/dist differs from a fresh build (${differing.join(', ')}). Run npm run build and commit dist/.`,
      );
    } else {
      console.log(`${relative(root, dir)}/dist matches a fresh build.`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
