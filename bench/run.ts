// Runs every benchmark in turn: `npm run bench [-- --only secrets|deps] [-- benchmark flags]`.
// Benchmarks compare each stage with a peer or the physical floor on the same input, in the
// same run, and print ratios; they are not tests and assert nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const all = ['secrets', 'deps'];
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1]?.split(',') : undefined;

let failed = false;
for (const name of all.filter((n) => !only || only.includes(n))) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`(no ${name} benchmark)`);
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
