#!/usr/bin/env node
// Writes package-lock.json (v3) for this example without installing anything: the entries
// (versions, dependency ranges and integrity hashes) are taken from real npm lockfiles of
// public projects, so that the dependency tree is one npm really produced.
//
//   node scripts/build-lockfile.mjs <realworld-express package-lock.json> <nodejs-goof package-lock.json>
//
// Sources: gothinkster/node-express-realworld-example-app@e40aeb92 (MIT) for express, axios,
// cors, jsonwebtoken, Prisma and TypeScript with everything they depend on;
// snyk-labs/nodejs-goof@1829b4c0 (Apache-2.0) for lodash 4.17.15; @anthropic-ai/sdk 0.60.0's
// integrity from the npm registry metadata (it has no dependencies).
import { readFileSync, writeFileSync } from 'node:fs';

const [realworldPath, goofPath] = process.argv.slice(2);
if (!realworldPath || !goofPath) {
  console.error('usage: build-lockfile.mjs <realworld-express lockfile> <nodejs-goof lockfile>');
  process.exit(2);
}
const realworld = JSON.parse(readFileSync(realworldPath, 'utf8')).packages;
const goof = JSON.parse(readFileSync(goofPath, 'utf8')).packages;
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Node's lookup: the nearest node_modules/<name> from `from` up to the root. */
function resolveFrom(from, name) {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (realworld[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

function closure(roots) {
  const seen = new Set();
  const queue = roots.map((name) => resolveFrom('', name));
  while (queue.length > 0) {
    const location = queue.pop();
    if (!location || seen.has(location)) continue;
    seen.add(location);
    const entry = realworld[location];
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveFrom(location, dep);
      if (found) queue.push(found);
      else if (!entry.optionalDependencies?.[dep]) throw new Error(`${location} needs ${dep}`);
    }
  }
  return seen;
}

const fromRealworld = ['express', 'axios', 'cors', 'jsonwebtoken', '@prisma/client'];
const runtime = closure(fromRealworld);
const development = closure(['prisma', 'typescript']);

const packages = {
  '': {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    dependencies: manifest.dependencies,
    devDependencies: manifest.devDependencies,
  },
};
const locations = [...new Set([...runtime, ...development])];
locations.push('node_modules/lodash', 'node_modules/@anthropic-ai/sdk');
for (const location of locations.sort()) {
  let entry;
  if (location === 'node_modules/lodash') {
    const { version, integrity } = goof['node_modules/snyk/node_modules/lodash'];
    entry = { version, integrity };
  } else if (location === 'node_modules/@anthropic-ai/sdk') {
    entry = {
      version: '0.60.0',
      integrity:
        'sha512-9zu/TXaUy8BZhXedDtt1wT3H4LOlpKDO1/ftiFpeR3N1PCr3KJFKkxxlQWWt1NNp08xSwUNJ3JNY8yhl8av6eQ==',
      license: 'MIT',
      bin: { 'anthropic-ai-sdk': 'bin/cli' },
    };
  } else {
    const { dev, devOptional, optional, peer, ...rest } = realworld[location];
    entry = rest;
    if (!runtime.has(location)) entry = { ...entry, dev: true };
    else if (optional) entry = { ...entry, optional: true };
  }
  packages[location] = entry;
}

const lock = {
  name: manifest.name,
  version: manifest.version,
  lockfileVersion: 3,
  requires: true,
  packages,
};
writeFileSync(
  new URL('../package-lock.json', import.meta.url),
  JSON.stringify(lock, null, 2) + '\n',
);
console.log(`Wrote package-lock.json with ${locations.length} packages.`);
