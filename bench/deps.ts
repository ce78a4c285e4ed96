// Dependency gate cost against its floor, same run, warm cache.
//
//   npm run bench -- --only deps [--advisories 5000] [--runs 3] [--scales 1,4,16]
//
// Input: NodeGoat's real lockfile (1,479 packages) and an OSV set of the 31 real advisories
// plus synthetic npm records up to --advisories, written once into bench/.work/ (gitignored).
// About a third of the synthetic records name installed packages, with random ranges, so
// matching does real work; the rest name packages the project does not have.
//
// Floor: what any gate must do on this input: Arborist's loadVirtual on the lockfile, plus
// reading and JSON-parsing every advisory file. Gate: runDependencyGate end to end (policy,
// tree, advisories, matching, findings, supply-chain checks); vuln: the same without the
// supply-chain and license checks. Scales 1x, 4x and 16x grow packages (the project
// repeated under renamed copies) and advisories together, to show cost linear in both.
// Prints times and ratios; asserts nothing.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Arborist from '@npmcli/arborist';
import { createMemoryLogger } from '../packages/action-kit/src/index.js';
import { runDependencyGate } from '../actions/dependency-gate/src/run.js';
import { indexAdvisories } from '../actions/dependency-gate/src/advisories/match.js';
import { loadOsvAdvisories } from '../actions/dependency-gate/src/advisories/osv.js';
import { evaluateGate } from '../actions/dependency-gate/src/gate.js';
import { readDependencyTree } from '../actions/dependency-gate/src/lockfile/read-tree.js';
import { resolveDepsPolicy } from '../actions/dependency-gate/src/policy.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const work = join(repo, 'bench', '.work', 'deps');
const fixtures = join(repo, 'actions', 'dependency-gate', 'test', 'fixtures');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const baseAdvisories = Number(flag('advisories') ?? 5000);
const runs = Number(flag('runs') ?? 3);
const scales = (flag('scales') ?? '1,4,16').split(',').map(Number);

type Lock = { packages: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const goatLock = JSON.parse(
  readFileSync(join(fixtures, 'lockfiles/nodegoat/package-lock.json'), 'utf8'),
) as Lock;
const goatManifest = JSON.parse(
  readFileSync(join(fixtures, 'lockfiles/nodegoat/package.json'), 'utf8'),
) as Record<string, unknown>;
const goatNames = [
  ...new Set(
    Object.entries(goatLock.packages)
      .filter(([k]) => k !== '')
      .map(
        ([k, v]) =>
          (v['name'] as string | undefined) ?? k.slice(k.lastIndexOf('node_modules/') + 13),
      ),
  ),
];

/** A seeded generator, so that every run writes the same records. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `lodash` in copy 2 is `lodash-c2`; `@babel/core` is `@babel/core-c2`. Copy 0 is NodeGoat. */
const renamed = (name: string, k: number) => (k === 0 ? name : `${name}-c${k}`);
const renameKeys = (deps: unknown, k: number) =>
  deps && typeof deps === 'object'
    ? Object.fromEntries(
        Object.entries(deps as Record<string, string>).map(([n, v]) => [renamed(n, k), v]),
      )
    : deps;

/**
 * NodeGoat's project repeated `scale` times: copy k (k >= 1) sits under a wrapper package
 * `bench-copy-k` with every package renamed, so that the package count, the distinct names and
 * the advisories about them grow together. (Nesting keeps each copy's resolution inside its
 * wrapper; Arborist's own cost grows faster than linearly when thousands of packages share the
 * top level.)
 */
function writeProject(scale: number): string {
  const dir = join(work, `project-${scale}x`);
  if (existsSync(join(dir, 'package-lock.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  const root = goatLock.packages['']!;
  const prod: Record<string, string> = { ...(root['dependencies'] as Record<string, string>) };
  const dev: Record<string, string> = { ...(root['devDependencies'] as Record<string, string>) };
  const packages: Lock['packages'] = {};
  for (let k = 0; k < scale; k++) {
    const prefix = k === 0 ? '' : `node_modules/bench-copy-${k}/`;
    if (k > 0) {
      prod[`bench-copy-${k}`] = '1.0.0';
      packages[`node_modules/bench-copy-${k}`] = {
        version: '1.0.0',
        integrity: `sha512-${'B'.repeat(86)}==`,
        dependencies: {
          ...(renameKeys(root['dependencies'], k) as Record<string, string>),
          ...(renameKeys(root['devDependencies'], k) as Record<string, string>),
        },
      };
    }
    for (const [key, value] of Object.entries(goatLock.packages)) {
      if (key === '') continue;
      const path = key
        .split('node_modules/')
        .map((segment) =>
          segment === ''
            ? ''
            : segment.replace(
                /^(.*?)(\/?)$/,
                (_m, name: string, slash: string) => renamed(name, k) + slash,
              ),
        )
        .join('node_modules/');
      const entry = { ...value };
      for (const field of [
        'dependencies',
        'devDependencies',
        'optionalDependencies',
        'peerDependencies',
      ]) {
        if (entry[field]) entry[field] = renameKeys(entry[field], k);
      }
      if (Array.isArray(entry['bundleDependencies'])) {
        entry['bundleDependencies'] = (entry['bundleDependencies'] as string[]).map((n) =>
          renamed(n, k),
        );
      }
      packages[prefix + path] = entry;
    }
  }
  packages[''] = { ...root, dependencies: prod, devDependencies: dev };
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ ...goatLock, packages }, null, 2));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ ...goatManifest, dependencies: prod, devDependencies: dev }, null, 2),
  );
  return dir;
}

/** The real advisories plus synthetic ones up to `count`. */
function writeAdvisories(count: number, scale: number): string {
  const dir = join(work, `osv-${count}`);
  if (existsSync(dir) && readdirSync(dir).length >= count) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(fixtures, 'advisories'), dir, { recursive: true });
  const next = random(count);
  const severities = ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'];
  for (let i = readdirSync(dir).length; i < count; i++) {
    const installed = next() < 0.33;
    const name = installed
      ? renamed(goatNames[Math.floor(next() * goatNames.length)]!, Math.floor(next() * scale))
      : `bench-pkg-${i}`;
    const major = Math.floor(next() * 6);
    const minor = Math.floor(next() * 20);
    const id = `GHSA-bench-${String(i).padStart(4, '0')}-${count}`;
    const record = {
      schema_version: '1.6.0',
      id,
      modified: '2025-01-01T00:00:00Z',
      aliases: [`CVE-2099-${10000 + i}`],
      summary: `Synthetic advisory ${i} for ${name}`,
      affected: [
        {
          package: { ecosystem: 'npm', name },
          ranges: [
            {
              type: 'ECOSYSTEM',
              events: [
                { introduced: `${major}.0.0` },
                { fixed: `${major}.${minor}.${Math.floor(next() * 10)}` },
              ],
            },
          ],
        },
      ],
      database_specific: { severity: severities[Math.floor(next() * severities.length)] },
    };
    writeFileSync(join(dir, `${id}.json`), JSON.stringify(record, null, 2));
  }
  return dir;
}

async function floor(project: string, advisories: string): Promise<number> {
  const t0 = performance.now();
  await new Arborist({ path: project }).loadVirtual();
  const files = readdirSync(advisories).map((f) => join(advisories, f));
  for (let i = 0; i < files.length; i += 64) {
    const batch = await Promise.all(files.slice(i, i + 64).map((f) => readFile(f, 'utf8')));
    for (const text of batch) JSON.parse(text);
  }
  return performance.now() - t0;
}

/**
 * The vulnerability gate alone: the same tree, advisories, matching and findings as the whole
 * gate, without the supply-chain and license checks that share its run.
 */
async function vulnerabilityGate(project: string, advisories: string): Promise<number> {
  const t0 = performance.now();
  const tree = await readDependencyTree(project);
  const osv = await loadOsvAdvisories([advisories], project);
  const policy = resolveDepsPolicy({ files: [], data: {} });
  evaluateGate({ tree, index: indexAdvisories(osv.advisories), policy, date: '2026-01-01' });
  return performance.now() - t0;
}

async function gate(
  project: string,
  advisories: string,
): Promise<{ ms: number; findings: number; packages: number }> {
  const t0 = performance.now();
  const result = await runDependencyGate(
    {
      cwd: project,
      path: '.',
      advisories: [advisories],
      offline: true,
      date: '2026-01-01',
    },
    createMemoryLogger(),
  );
  return {
    ms: performance.now() - t0,
    findings: result.findings.length,
    packages: Number(result.stats?.['packages']),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: {
  scale: number;
  packages: number;
  advisories: number;
  floor: number;
  gate: number;
  vulnOnly: number;
  findings: number;
}[] = [];
for (const scale of scales) {
  const project = writeProject(scale);
  const advisories = writeAdvisories(baseAdvisories * scale, scale);
  await floor(project, advisories); // warm the page cache and the JIT
  await gate(project, advisories);
  const floors: number[] = [];
  const gates: number[] = [];
  const vulnOnly: number[] = [];
  let last = { ms: 0, findings: 0, packages: 0 };
  for (let r = 0; r < runs; r++) {
    // Alternate, so that no side gets a systematically warmer cache.
    floors.push(await floor(project, advisories));
    last = await gate(project, advisories);
    gates.push(last.ms);
    vulnOnly.push(await vulnerabilityGate(project, advisories));
  }
  rows.push({
    scale,
    packages: last.packages,
    advisories: readdirSync(advisories).length,
    floor: median(floors),
    gate: median(gates),
    vulnOnly: median(vulnOnly),
    findings: last.findings,
  });
}

const pad = (v: string | number, n: number) => String(v).padStart(n);
const header = [
  'scale',
  'packages',
  'advisories',
  'findings',
  'floor ms',
  'gate ms',
  'gate/floor',
  'vuln ms',
  'vuln/floor',
  'floor vs 1x',
  'gate vs 1x',
  'vuln vs 1x',
  'input vs 1x',
];
const widths = header.map((h) => Math.max(h.length, 8));
console.log(header.map((h, i) => pad(h, widths[i]!)).join(' '));
const first = rows[0]!;
for (const r of rows) {
  const input = (r.packages + r.advisories) / (first.packages + first.advisories);
  const cells = [
    `${r.scale}x`,
    r.packages,
    r.advisories,
    r.findings,
    r.floor.toFixed(0),
    r.gate.toFixed(0),
    (r.gate / r.floor).toFixed(2),
    r.vulnOnly.toFixed(0),
    (r.vulnOnly / r.floor).toFixed(2),
    (r.floor / first.floor).toFixed(2),
    (r.gate / first.gate).toFixed(2),
    (r.vulnOnly / first.vulnOnly).toFixed(2),
    input.toFixed(2),
  ];
  console.log(cells.map((c, i) => pad(c, widths[i]!)).join(' '));
}
console.log(`
floor: Arborist loadVirtual on the lockfile + reading and JSON-parsing every advisory file.
gate: runDependencyGate end to end with the default policy (vulnerabilities, deny list and the
supply-chain checks); vuln: the tree, advisories, matching and findings alone.
x vs 1x against input vs 1x: linear cost keeps these columns close (the floor's own growth
shows how much of any departure comes from Arborist and the file system).`);
