// Bundles src/index.ts into dist/ with ncc's API rather than its CLI. Arborist pulls in
// @npmcli/run-script, whose `require.resolve('node-gyp/bin/node-gyp.js')` ncc's asset relocator
// rewrites into invalid code (a shorthand property); telling the relocator not to emit node-gyp
// keeps the code valid. The gate only reads lockfiles and never runs that code path.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');

const { code, assets } = await ncc(join(root, 'src/index.ts'), {
  target: 'es2022',
  license: 'licenses.txt',
  sourceMap: false,
  quiet: true,
  customEmit: (path) =>
    /[\\/]node-gyp[\\/]/.test(path) || path.startsWith('node-gyp') ? false : undefined,
});

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
// The bundle is an ES module; a few CommonJS dependencies (Arborist's debug switch) still read
// __dirname, which ES modules lack.
const banner = [
  "import { dirname as __ddg_dirname } from 'node:path';",
  "import { fileURLToPath as __ddg_fileURLToPath } from 'node:url';",
  'const __filename = __ddg_fileURLToPath(import.meta.url);',
  'const __dirname = __ddg_dirname(__filename);',
  '',
].join('\n');
await writeFile(join(out, 'index.js'), banner + code);
for (const [name, asset] of Object.entries(assets)) {
  const file = join(out, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, asset.source, { mode: asset.permissions });
}
console.log(
  `Wrote dist/index.js (${(code.length / 1e6).toFixed(1)} MB) and ${Object.keys(assets).length} assets.`,
);
