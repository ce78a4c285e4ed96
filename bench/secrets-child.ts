// Runs one secrets scan in its own process so that its peak memory is its own; prints JSON.
// Usage: secrets-child.ts dir <root> [rules.toml] | history <repo> [rules.toml]
import { readFileSync } from 'node:fs';
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
const childCpuStarted = reapedChildrenCpuMs();
const result = await runSecretsScan(
  { target, cwd: root, rulesPath: rulesPath || undefined, failOn: 'low' },
  logger,
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
// The engine's own CPU time, without git's: on a busy machine wall time mixes in waiting.
const cpuMs = (cpu.user + cpu.system) / 1000;
// git's CPU time: children the process has waited for (Linux /proc; 10 ms resolution).
const childCpu = reapedChildrenCpuMs();
const gitCpuMs =
  childCpu !== undefined && childCpuStarted !== undefined ? childCpu - childCpuStarted : undefined;
const byRule: Record<string, number> = {};
for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
console.log(
  JSON.stringify({
    ms,
    setupMs,
    cpuMs,
    gitCpuMs,
    stats: result.stats,
    findings: result.findings.length,
    byRule,
    maxRssKb: process.resourceUsage().maxRSS,
    summary: logger.lines.filter((l) => !l.startsWith('debug:')),
  }),
);

/** User + system CPU of the reaped children (cutime + cstime), or undefined off Linux. */
function reapedChildrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, cutime and cstime are fields 16 and 17.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
