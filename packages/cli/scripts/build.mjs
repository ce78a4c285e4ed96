#!/usr/bin/env node
// Bundles the CLI into one self-contained dist/index.js (plus the assets it reads) with ncc's
// API: node scripts/build.mjs [outDir]. The API rather than ncc's command line, because
// arborist (through the dependency gate) pulls in @npmcli/run-script, whose
// `require.resolve('node-gyp/bin/node-gyp.js')` the asset relocator rewrites into invalid code;
// not emitting node-gyp keeps it valid, and the CLI never runs scripts.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));

const { code, assets } = await ncc(join(root, 'src/index.ts'), {
  target: 'es2022',
  license: 'licenses.txt',
  sourceMap: false,
  quiet: true,
  customEmit: (path) => (/[\\/]node-gyp[\\/]/.test(path) || path.startsWith('node-gyp') ? false : undefined),
});

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
// The bundle is an ES module, yet a few CommonJS dependencies (arborist's debug switch) read
// __dirname at load time; define it after the shebang, which must stay on the first line.
const body = code.startsWith('#!') ? code.slice(code.indexOf('\n') + 1) : code;
const header = [
  '#!/usr/bin/env node',
  "import { dirname as __cli_dirname } from 'node:path';",
  "import { fileURLToPath as __cli_fileURLToPath } from 'node:url';",
  'const __filename = __cli_fileURLToPath(import.meta.url);',
  'const __dirname = __cli_dirname(__filename);',
  '',
].join('\n');
await writeFile(join(out, 'index.js'), header + body, { mode: 0o755 });
for (const [name, asset] of Object.entries(assets)) {
  const file = join(out, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, asset.source, { mode: asset.permissions });
}
console.log(`Wrote ${out}/index.js (${(code.length / 1e6).toFixed(1)} MB) and ${Object.keys(assets).length} assets: ${Object.keys(assets).join(', ')}.`);
