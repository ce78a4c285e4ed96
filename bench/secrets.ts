// Secrets scan throughput against GNU grep on the same files, same run, warm cache.
//
//   npm run bench -- --only secrets [--mb 60] [--runs 3] [--history-repo PATH] [--rules FILE]
//
// Directory mode scans a copy of this repository's own node_modules (real files, >= --mb MB,
// copied once into bench/.work/, gitignored) without .gitignore, against
// `grep -rciFf <every rule keyword>` over the same tree. History mode scans every commit of a
// repository (a work tree or a bare clone) against `git log -p -U0 --all` alone producing the
// patches, both in-process and as the bundled CLI from start to exit. Prints wall and CPU time
// (the scan's own plus its git's), their ratios, MB/s and peak RSS; asserts nothing. On a
// shared machine the CPU ratio is the steadier of the two.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleFile } from '../actions/secrets-scan/src/engine/rules.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const work = join(repo, 'bench', '.work');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const targetMb = Number(flag('mb') ?? 60);
const runs = Number(flag('runs') ?? 3);
const historyFlag = flag('history-repo');

const builtin = join(repo, 'configs', 'secrets', 'rules.toml');
const fixture = join(repo, 'actions', 'secrets-scan', 'test', 'engine', 'fixtures', 'rules.toml');
const rulesPath = flag('rules') ?? (existsSync(builtin) ? builtin : fixture);
const rules = parseRuleFile(readFileSync(rulesPath, 'utf8'), rulesPath, 'native').rules;
console.log(`rules: ${relative(repo, rulesPath)} (${rules.length} rules)`);

const corpus = buildCorpus();
const keywordsFile = join(work, 'keywords.txt');
writeFileSync(keywordsFile, [...new Set(rules.flatMap((r) => r.keywords))].join('\n') + '\n');

// Directory mode.
const grepTimes: number[] = [];
const grepRss: number[] = [];
const grepCpu: number[] = [];
await timeCommand('grep', ['-rciFf', keywordsFile, corpus.dir]); // warm the page cache
for (let i = 0; i < runs; i++) {
  const r = await timeCommand('grep', ['-rciFf', keywordsFile, corpus.dir]);
  grepTimes.push(r.ms);
  grepRss.push(r.maxRssKb);
  grepCpu.push(r.cpuMs);
}
const engine: {
  ms: number;
  setupMs: number;
  cpuMs: number;
  gitCpuMs?: number;
  maxRssKb: number;
  findings: number;
  byRule: Record<string, number>;
  stats: Record<string, number>;
}[] = [];
for (let i = 0; i < runs; i++) engine.push(await child('dir', corpus.dir));

const grepMs = Math.min(...grepTimes);
const best = engine.reduce((a, b) => (b.ms < a.ms ? b : a));
const mb = corpus.bytes / 1e6;
console.log(
  `\ndirectory: ${corpus.files} files, ${mb.toFixed(1)} MB (${relative(repo, corpus.dir)})`,
);
console.log(
  `  grep -rciFf (${readFileSync(keywordsFile, 'utf8').split('\n').length - 1} keywords): ${fmt(grepMs)} ms, ${(mb / (grepMs / 1000)).toFixed(0)} MB/s, peak RSS ${(Math.max(...grepRss) / 1024).toFixed(0)} MB`,
);
console.log(
  `  devsecops secrets:   ${fmt(best.ms)} ms (+ ${fmt(best.setupMs)} ms loading rules once), ${(mb / (best.ms / 1000)).toFixed(0)} MB/s, peak RSS ${(Math.max(...engine.map((e) => e.maxRssKb)) / 1024).toFixed(0)} MB`,
);
const engineCpu = Math.min(...engine.map((e) => e.cpuMs));
const grepCpuMs = Math.min(...grepCpu);
console.log(`  CPU: engine ${fmt(engineCpu)} ms vs grep ${fmt(grepCpuMs)} ms`);
console.log(
  `  ratio: ${(best.ms / grepMs).toFixed(2)}x grep wall, ${(engineCpu / grepCpuMs).toFixed(2)}x CPU (target <= 8x); ${best.findings} findings ${JSON.stringify(best.byRule)}`,
);
console.log(
  `  scanned files ${best.stats['files']}, binary ${best.stats['binary']}, long lines ${best.stats['longLines']}`,
);

// History mode: the given repository (a work tree or a bare clone), else a history built once
// from the corpus.
const historyRepo = historyFlag ?? buildHistoryRepo(corpus.dir);
if (existsSync(join(historyRepo, '.git')) || existsSync(join(historyRepo, 'HEAD'))) {
  const gitArgs = ['-C', historyRepo, 'log', '-p', '-U0', '--all', '--no-color', '--no-ext-diff'];
  await timeCommand('git', gitArgs);
  const gitRuns: Awaited<ReturnType<typeof timeCommand>>[] = [];
  for (let i = 0; i < runs; i++) gitRuns.push(await timeCommand('git', gitArgs));
  const hist: typeof engine = [];
  for (let i = 0; i < runs; i++) hist.push(await child('history', historyRepo));
  const gitMs = Math.min(...gitRuns.map((r) => r.ms));
  const gitCpuMs = Math.min(...gitRuns.map((r) => r.cpuMs));
  const patchMb = gitRuns[0]!.bytes / 1e6;
  const h = hist.reduce((a, b) => (b.ms < a.ms ? b : a));
  // The scan's CPU is its own plus that of the git it runs (which does more than the bare
  // command: merges, and no rename detection).
  const totalCpu = hist.map((e) => e.cpuMs + (e.gitCpuMs ?? 0));
  const bestCpu = Math.min(...totalCpu);
  const ownCpu = Math.min(...hist.map((e) => e.cpuMs));
  console.log(
    `\nhistory: ${historyRepo}: ${h.stats['commits']} commits, ${patchMb.toFixed(1)} MB of patches`,
  );
  console.log(
    `  git log -p -U0 --all: ${fmt(gitMs)} ms wall, ${fmt(gitCpuMs)} ms CPU, ${(patchMb / (gitMs / 1000)).toFixed(0)} MB/s, peak RSS ${(Math.max(...gitRuns.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB`,
  );
  console.log(
    `  devsecops secrets:    ${fmt(h.ms)} ms wall (+ ${fmt(h.setupMs)} ms loading rules once), ${(patchMb / (h.ms / 1000)).toFixed(0)} MB/s of patch text, peak RSS ${(Math.max(...hist.map((e) => e.maxRssKb)) / 1024).toFixed(0)} MB (git's apart), ${h.findings} findings ${JSON.stringify(h.byRule)}`,
  );
  console.log(
    `  CPU: ${fmt(bestCpu)} ms (engine ${fmt(ownCpu)} ms + its git ${h.gitCpuMs === undefined ? 'n/a' : fmt(h.gitCpuMs)} ms) vs git log ${fmt(gitCpuMs)} ms`,
  );
  console.log(
    `  ratio: ${(h.ms / gitMs).toFixed(2)}x git log wall, ${(bestCpu / gitCpuMs).toFixed(2)}x CPU (target <= 1.5x)`,
  );

  // What a user runs: the bundled CLI from process start to exit, git included.
  const cli = join(repo, 'packages', 'cli', 'dist', 'index.js');
  if (existsSync(cli)) {
    const cliArgs = [cli, 'secrets', historyRepo, '--history', '--quiet', '--no-color'];
    const cliRuns: Awaited<ReturnType<typeof timeCommand>>[] = [];
    for (let i = 0; i < runs; i++) cliRuns.push(await timeCommand(process.execPath, cliArgs));
    const cliMs = Math.min(...cliRuns.map((r) => r.ms));
    const cliCpu = Math.min(...cliRuns.map((r) => r.cpuMs));
    console.log(
      `  devsecops CLI bundle, end to end: ${fmt(cliMs)} ms wall, ${fmt(cliCpu)} ms CPU (git's included), peak RSS ${(Math.max(...cliRuns.map((r) => r.maxRssKb)) / 1024).toFixed(0)} MB`,
    );
    console.log(
      `  ratio: ${(cliMs / gitMs).toFixed(2)}x git log wall, ${(cliCpu / gitCpuMs).toFixed(2)}x CPU`,
    );
  }
}

/**
 * A repository whose history adds the corpus package by package (one commit each) and then
 * edits a line in every tenth file, so that `git log -p` has both additions and real diffs.
 */
function buildHistoryRepo(source: string): string {
  const dir = join(work, `secrets-history-${targetMb}mb`);
  if (existsSync(join(dir, '.complete'))) return dir;
  mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) =>
    spawnSync(
      'git',
      [
        '-c',
        'user.name=Bench',
        '-c',
        'user.email=bench@example.test',
        '-c',
        'commit.gpgsign=false',
        ...a,
      ],
      {
        cwd: dir,
        maxBuffer: 1 << 30,
      },
    );
  git('init', '-q', '-b', 'main');
  const tops = readdirSync(source)
    .filter((n) => !n.startsWith('.'))
    .sort();
  for (const top of tops) {
    cpSync(join(source, top), join(dir, top), { recursive: true, verbatimSymlinks: true });
    git('add', '-A', '--', top);
    git('commit', '-q', '-m', `add ${top}`);
  }
  const files = spawnSync('git', ['ls-files'], { cwd: dir, maxBuffer: 1 << 30 })
    .stdout.toString()
    .split('\n')
    .filter(Boolean);
  for (let i = 0; i < files.length; i += 10) {
    const path = join(dir, files[i]!);
    try {
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/, '\n// edited\n'));
    } catch {
      // unreadable: leave it
    }
    if (i % 500 === 0) {
      git('commit', '-q', '-a', '-m', `edit batch ${i}`);
    }
  }
  git('commit', '-q', '-a', '-m', 'edit last batch');
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

function fmt(ms: number): string {
  return ms.toFixed(0);
}

/** Copies whole packages from node_modules, in name order, until the corpus reaches targetMb. */
function buildCorpus(): { dir: string; files: number; bytes: number } {
  const dir = join(work, `secrets-corpus-${targetMb}mb`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, 'utf8')) };
  mkdirSync(dir, { recursive: true });
  const nm = join(repo, 'node_modules');
  const packages: string[] = [];
  for (const name of readdirSync(nm).sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@'))
      for (const sub of readdirSync(join(nm, name)).sort()) packages.push(`${name}/${sub}`);
    else packages.push(name);
  }
  let bytes = 0;
  let files = 0;
  for (const pkg of packages) {
    if (bytes >= targetMb * 1e6) break;
    const src = join(nm, pkg);
    if (lstatSync(src).isSymbolicLink()) continue;
    cpSync(src, join(dir, pkg), { recursive: true, verbatimSymlinks: true });
    const size = du(join(dir, pkg));
    bytes += size.bytes;
    files += size.files;
  }
  writeFileSync(marker, JSON.stringify({ files, bytes }));
  return { dir, files, bytes };
}

function du(path: string): { bytes: number; files: number } {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return { bytes: 0, files: 0 };
  if (!st.isDirectory()) return { bytes: st.size, files: 1 };
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(path)) {
    const s = du(join(path, e));
    bytes += s.bytes;
    files += s.files;
  }
  return { bytes, files };
}

/**
 * Wall time of a command whose output is read through a pipe (grep notices /dev/null) and
 * counted, never kept: a large history's patches run to gigabytes.
 */
function timeCommand(
  cmd: string,
  cmdArgs: string[],
): Promise<{ ms: number; bytes: number; maxRssKb: number; cpuMs: number }> {
  // GNU time reports the peak RSS; without it, the command runs bare and RSS reads 0.
  const timed = existsSync('/usr/bin/time');
  const started = performance.now();
  const p = timed
    ? spawn('/usr/bin/time', ['-f', '%U %S %M', cmd, ...cmdArgs], { stdio: 'pipe' })
    : spawn(cmd, cmdArgs, { stdio: 'pipe' });
  let bytes = 0;
  let stderr = '';
  p.stdout.on('data', (b: Buffer) => (bytes += b.length));
  p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    p.on('error', (error) => reject(new Error(`${cmd} could not run: ${error.message}`)));
    p.on('close', () => {
      const ms = performance.now() - started;
      const [user = 0, sys = 0, rss = 0] = timed
        ? stderr.trim().split('\n').pop()!.split(' ').map(Number)
        : [];
      resolve({ ms, bytes, maxRssKb: rss || 0, cpuMs: (user + sys) * 1000 });
    });
  });
}

function child(
  mode: 'dir' | 'history',
  path: string,
): Promise<{
  ms: number;
  setupMs: number;
  cpuMs: number;
  gitCpuMs?: number;
  maxRssKb: number;
  findings: number;
  byRule: Record<string, number>;
  stats: Record<string, number>;
}> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', join(repo, 'bench', 'secrets-child.ts'), mode, path, rulesPath],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        cwd: repo,
      },
    );
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`secrets-child exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!));
    });
  });
}
