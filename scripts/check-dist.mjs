#!/usr/bin/env node
// Rebuilds every bundle in place and fails when a committed dist/ changes, so that what runners
// and npx execute is always what the sources say. Run on a clean checkout (CI does).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workspaces = ['actions', 'packages']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`))
  .filter((dir) => existsSync(join(root, dir, 'dist')));

const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
const dirty = git('status', '--porcelain', '--', ...workspaces.map((w) => `${w}/dist`));
if (dirty) {
  console.error(`dist/ has uncommitted changes before the check:\n${dirty}`);
  process.exit(2);
}

for (const dir of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  execFileSync('npm', ['run', 'build', '-w', pkg.name], { cwd: root, stdio: 'ignore' });
}

const changed = git('status', '--porcelain', '--', ...workspaces.map((w) => `${w}/dist`));
if (changed) {
  console.error(
    `A fresh build differs from the committed bundles:\n${changed}Run npm run build and commit dist/.`,
  );
  process.exit(1);
}
console.log(`${workspaces.join(', ')}: dist/ matches a fresh build.`);
