// Runs one secrets scan in its own process so that its peak memory is its own; prints JSON.
// Usage: secrets-child.ts dir <root> [rules.toml] | history <repo> [rules.toml]
import { createMemoryLogger } from '@devsecops/action-kit';
import { runSecretsScan, type ScanTarget } from '../actions/secrets-scan/src/lib.js';

const [mode, root, rulesPath] = process.argv.slice(2);
if (!root || (mode !== 'dir' && mode !== 'history')) {
  console.error('usage: secrets-child.ts dir|history <path> [rules.toml]');
  process.exit(2);
}
const target: ScanTarget =
  mode === 'dir' ? { kind: 'dir', root, noGitignore: true } : { kind: 'history', root };
const logger = createMemoryLogger();
// One-time work (reading and compiling the rules) measured apart on an empty input.
const setupStarted = performance.now();
await runSecretsScan(
  {
    target: { kind: 'stdin', name: 'empty', text: '' },
    cwd: root,
    rulesPath: rulesPath || undefined,
  },
  createMemoryLogger(),
);
const setupMs = performance.now() - setupStarted;
const started = performance.now();
const cpuStarted = process.cpuUsage();
const result = await runSecretsScan(
  { target, cwd: root, rulesPath: rulesPath || undefined, failOn: 'low' },
  logger,
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
// The engine's own CPU time, without git's: on a busy machine wall time mixes in waiting.
const cpuMs = (cpu.user + cpu.system) / 1000;
const byRule: Record<string, number> = {};
for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
console.log(
  JSON.stringify({
    ms,
    setupMs,
    cpuMs,
    stats: result.stats,
    findings: result.findings.length,
    byRule,
    maxRssKb: process.resourceUsage().maxRSS,
    summary: logger.lines.filter((l) => !l.startsWith('debug:')),
  }),
);
