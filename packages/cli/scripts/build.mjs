#!/usr/bin/env node
// Bundles the CLI into one self-contained dist/index.js (plus the assets it reads) with ncc's
// API: node scripts/build.mjs [outDir]. The API rather than ncc's command line, because
// arborist (through the dependency gate) pulls in @npmcli/run-script, whose
// `require.resolve('node-gyp/bin/node-gyp.js')` the asset relocator rewrites into invalid code;
// not emitting node-gyp keeps it valid, and the CLI never runs scripts.
import { readdir, readFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));

const { code, assets, stats } = await ncc(join(root, 'src/index.ts'), {
  target: 'es2022',
  license: 'licenses.txt',
  sourceMap: false,
  quiet: true,
  customEmit: (path) =>
    /[\\/]node-gyp[\\/]/.test(path) || path.startsWith('node-gyp') ? false : undefined,
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
// Chunks that a stage loads on demand are modules of their own: they need the same header.
const chunkHeader = header.slice(header.indexOf('\n') + 1);
for (const [name, asset] of Object.entries(assets)) {
  if (/^\d+\.index\.js$/.test(name) && /\b__dirname\b/.test(String(asset.source))) {
    asset.source = chunkHeader + String(asset.source);
  }
}
// ncc writes one license file per chunk, the last over the others; list every bundled package.
delete assets['licenses.txt'];
await writeFile(join(out, 'licenses.txt'), await collectLicenses(stats.compilation.modules));
for (const [name, asset] of Object.entries(assets)) {
  const file = join(out, name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, asset.source, { mode: asset.permissions });
}
console.log(
  `Wrote ${out}/index.js (${(code.length / 1e6).toFixed(1)} MB) and ${Object.keys(assets).length} assets: ${Object.keys(assets).join(', ')}.`,
);

/** The license text of every npm package whose code is in the bundle, sorted by name. */
async function collectLicenses(modules) {
  const dirs = new Set();
  for (const m of modules) {
    const file = m.resource ?? m.userRequest;
    if (typeof file !== 'string') continue;
    const at = file.lastIndexOf('/node_modules/');
    if (at === -1) continue;
    const rest = file.slice(at + '/node_modules/'.length).split('/');
    const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    dirs.add(`${file.slice(0, at)}/node_modules/${name}`);
  }
  const entries = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const files = (await readdir(dir))
      .filter((f) => /^(licen[cs]e|copying|notice)/i.test(f))
      .sort();
    const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    const license =
      typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'UNKNOWN');
    entries.push({
      key: `${pkg.name}@${pkg.version}`,
      text: `${pkg.name}\n${license}\n${texts.join('\n').trim()}`,
    });
  }
  const unique = [...new Map(entries.map((e) => [e.key, e])).values()];
  unique.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return unique.map((e) => e.text).join('\n\n') + '\n';
}
