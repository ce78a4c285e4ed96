#!/usr/bin/env node
// npm run pipeline [-- <path> [scan options]]: runs `devsecops scan` on examples/coach-app (or
// the given folder), writes reports/ and prints the verdict. Exits 0 whenever the pipeline ran,
// whatever it found; non-zero only when it could not run (the CLI's exit codes 2 and 3).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'packages/cli/dist/index.js');
const source = join(root, 'packages/cli/src/index.ts');

const example = join(root, 'examples/coach-app');
const args = process.argv.slice(2);
const target = args[0] !== undefined && !args[0].startsWith('-') ? args.shift() : example;
// The example ships its own OSV advisories, so that its deps stage runs offline.
if (resolve(target) === example) {
  args.unshift('--advisories', join(example, 'advisories'), '--offline');
}
const out = join(root, 'reports');

// The committed bundle is what users run; the sources (through tsx) serve a checkout without it.
let command;
if (existsSync(bundle)) {
  command = [bundle];
} else {
  command = ['--import', import.meta.resolve('tsx'), source];
}

console.error(
  `pipeline: devsecops scan ${relative(process.cwd(), target) || '.'} --out ${relative(process.cwd(), out)}${command[0] === bundle ? '' : ' (from source)'}`,
);
const result = spawnSync(process.execPath, [...command, 'scan', target, '--out', out, ...args], {
  stdio: 'inherit',
});

if (result.error) {
  console.error(`pipeline: could not start the CLI: ${result.error.message}`);
  process.exit(3);
}
const code = result.status ?? 3;
if (code === 0 || code === 1) {
  console.error(
    `pipeline: ran to completion; verdict ${code === 0 ? 'passed' : 'failed'}. Reports: ${relative(process.cwd(), out)}/ (summary.md, <stage>.sarif, <stage>.json).`,
  );
  process.exit(0);
}
console.error(`pipeline: devsecops scan could not run (exit code ${code}); see the error above.`);
process.exit(code);
