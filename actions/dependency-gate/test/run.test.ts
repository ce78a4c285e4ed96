import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createMemoryLogger,
  EnvironmentError,
  exitCodeFor,
} from '@devsecops/action-kit';
import { runDependencyGate, type DependencyGateInputs } from '../src/run.js';
import {
  DEMO_LOCK_V3,
  DEMO_MANIFEST,
  FAKE_INTEGRITY,
  FIXTURES,
  fixtureProject,
  git,
  initRepo,
  osvRecord,
  removeProjects,
  writeFiles,
  writeProject,
} from './helpers.js';
import { closedPort } from './online/server.js';

afterEach(removeProjects);

const ADVISORIES = join(FIXTURES, 'advisories');

async function nodegoatRepo(policy?: string): Promise<string> {
  const dir = await writeProject(policy ? { '.github/devsecops.yml': policy } : {});
  await cp(fixtureProject('nodegoat'), join(dir, 'app'), { recursive: true });
  return dir;
}

function inputs(cwd: string, over: Partial<DependencyGateInputs> = {}): DependencyGateInputs {
  return { cwd, path: 'app', advisories: [ADVISORIES], offline: true, date: '2026-01-15', ...over };
}

/** Advisory ids among the findings (supply-chain and license findings left aside). */
const ids = (result: { findings: { ruleId: string }[] }) =>
  [...new Set(result.findings.map((f) => f.ruleId).filter((id) => /^(GHSA|MAL)-/.test(id)))].sort();

describe('runDependencyGate', () => {
  it('reports nodegoat findings at their lockfile lines and fails at fail-on high', async () => {
    const cwd = await nodegoatRepo();
    const result = await runDependencyGate(inputs(cwd), createMemoryLogger());
    expect(result).toMatchObject({
      stage: 'deps',
      tool: 'devsecops-deps',
      threshold: 'high',
      passed: false,
    });
    expect(ids(result)).toHaveLength(19);

    const marked = result.findings.find((f) => f.ruleId === 'GHSA-5v2h-r2cx-5xgj')!;
    const lock = (await readFile(join(cwd, 'app/package-lock.json'), 'utf8')).split('\n');
    expect(marked.location.path).toBe('app/package-lock.json');
    expect(lock[marked.location.startLine! - 1]).toContain('"node_modules/marked": {');
    expect(marked.message).toContain(
      'marked@0.3.5 is affected by GHSA-5v2h-r2cx-5xgj (CVE-2022-21681)',
    );
    expect(marked.message).toContain('Fixed in 4.0.10');
    expect(marked.properties).toMatchObject({
      package: 'marked',
      version: '0.3.5',
      advisory: 'GHSA-5v2h-r2cx-5xgj',
      aliases: ['CVE-2022-21681'],
      fixedIn: '4.0.10',
      parentAllowsFix: false,
      scope: 'runtime',
      paths: ['marked'],
      direct: true,
    });
    expect(result.vulnerable).toContain('marked@0.3.5');
    expect(result.details).toContain('#### Runtime dependencies');
    expect(result.details).toContain('#### Development dependencies');
    expect(result.details.indexOf('Runtime')).toBeLessThan(result.details.indexOf('Development'));
  });

  it('keeps fingerprints when lines shift', async () => {
    const cwd = await nodegoatRepo();
    const first = await runDependencyGate(inputs(cwd), createMemoryLogger());
    const lockPath = join(cwd, 'app/package-lock.json');
    const text = await readFile(lockPath, 'utf8');
    await writeFiles(cwd, {
      'app/package-lock.json': text.replace('"packages": {', '"packages": {\n\n\n'),
    });
    const second = await runDependencyGate(inputs(cwd), createMemoryLogger());
    const a = first.findings.find((f) => f.ruleId === 'GHSA-5v2h-r2cx-5xgj')!;
    const b = second.findings.find((f) => f.ruleId === 'GHSA-5v2h-r2cx-5xgj')!;
    expect(b.location.startLine).toBe(a.location.startLine! + 3);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('checks only the scopes asked for', async () => {
    const cwd = await nodegoatRepo();
    const result = await runDependencyGate(
      inputs(cwd, { scopes: ['runtime'] }),
      createMemoryLogger(),
    );
    // Only dev entries (lockfile "dev": true) carry lodash, moment, handlebars and form-data,
    // so 35jh, jf85, p6mc, 8hfj, wc69, f2jv and fjxv drop out of the 19.
    expect(ids(result)).toEqual([
      'GHSA-5v2h-r2cx-5xgj',
      'GHSA-9wv6-86v2-598j',
      'GHSA-c2qf-rxjj-qqgw',
      'GHSA-grv7-fg5c-xmjg',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-m6fv-jmcg-4jfg',
      'GHSA-pxg6-pf52-xh8x',
      'GHSA-qw6h-vgh9-j6wx',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-rrrm-qjm4-v8hf',
      'GHSA-rv95-896h-c2vc',
      'GHSA-xvch-5gv4-984h',
    ]);
    const vulnerabilities = result.findings.filter((f) => /^GHSA-/.test(f.ruleId));
    expect(vulnerabilities.every((f) => f.properties?.['scope'] === 'runtime')).toBe(true);
    expect(
      result.notes.some((n) => /left out: not in the scopes checked \(runtime\)/.test(n)),
    ).toBe(true);
  });

  it('waives findings by CVE alias and path, and fails on an expired exception naming it', async () => {
    const policy = [
      'deps:',
      '  fail-on: critical',
      '  scopes: [runtime]',
      '  exceptions:',
      '    - id: CVE-2021-44906',
      '      package: minimist',
      '      owner: platform-team',
      '      reason: only parses our own CLI flags',
      '      expires: 2026-06-30',
      '    - id: GHSA-hrpp-h998-j3pp',
      '      path: "** > qs"',
      '      owner: web-team',
      '      reason: upgrade planned',
      '      expires: 2025-12-31',
      '',
    ].join('\n');
    const cwd = await nodegoatRepo(policy);
    const result = await runDependencyGate(inputs(cwd), createMemoryLogger());
    // The only critical runtime advisory (xvch, minimist) is waived by its CVE alias...
    expect(ids(result)).not.toContain('GHSA-xvch-5gv4-984h');
    expect(result.findings.filter((f) => f.severity === 'critical')).toEqual([]);
    // ...but the qs exception expired on 2025-12-31, so the run fails and says so.
    expect(result.passed).toBe(false);
    const expired = result.findings.find((f) => f.ruleId === 'deps/exception-expired')!;
    expect(expired.message).toContain('GHSA-hrpp-h998-j3pp');
    expect(expired.message).toContain('web-team');
    expect(expired.location.path).toBe('.github/devsecops.yml');
    // An expired exception waives nothing.
    expect(ids(result)).toContain('GHSA-hrpp-h998-j3pp');
  });

  it('passes when nothing reaches fail-on', async () => {
    const cwd = await nodegoatRepo(
      'deps:\n  fail-on: critical\n  scopes: [runtime]\n  exceptions:\n    - { id: GHSA-xvch-5gv4-984h, owner: o, reason: r, expires: 2026-06-30 }\n',
    );
    const result = await runDependencyGate(inputs(cwd), createMemoryLogger());
    expect(result.passed).toBe(true);
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('blocks on malware whatever the scope, and no exception waives it', async () => {
    const cwd = await writeProject({
      'app/package.json': DEMO_MANIFEST,
      'app/package-lock.json': DEMO_LOCK_V3,
      'osv/MAL-2026-1.json': {
        id: 'MAL-2026-1',
        summary: 'Malicious code in d (npm)',
        affected: [{ package: { ecosystem: 'npm', name: 'd' }, versions: ['1.0.0'] }],
      },
      '.github/devsecops.yml':
        'deps:\n  fail-on: critical\n  scopes: [runtime]\n  exceptions:\n    - { id: MAL-2026-1, owner: o, reason: r, expires: 2099-01-01 }\n',
    });
    const result = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'] }),
      createMemoryLogger(),
    );
    expect(result.passed).toBe(false);
    expect(ids(result)).toEqual(['MAL-2026-1']);
    const malware = result.findings.find((f) => f.ruleId === 'MAL-2026-1')!;
    expect(malware.severity).toBe('critical');
    expect(malware.message).toContain('d@1.0.0 is a malicious package');
    expect(result.notes.join(' ')).toContain('exceptions cannot waive malicious packages');
  });

  it('reports denied packages', async () => {
    const cwd = await writeProject({
      'app/package.json': DEMO_MANIFEST,
      'app/package-lock.json': DEMO_LOCK_V3,
      'osv/x.json': osvRecord('GHSA-none-none-none', 'unrelated', '1.0.0'),
      '.github/devsecops.yml':
        'deps:\n  deny:\n    - { name: c, range: ">=2", reason: replaced by c2 }\n',
    });
    const result = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'] }),
      createMemoryLogger(),
    );
    expect(result.denied).toEqual(['c@2.0.0']);
    expect(result.findings.find((f) => f.ruleId === 'deps/denied-package')).toMatchObject({
      severity: 'high',
      location: { path: 'app/package-lock.json' },
    });
    expect(result.passed).toBe(false);
  });

  it('fails closed without an advisory source', async () => {
    const cwd = await nodegoatRepo();
    const error = await runDependencyGate(
      inputs(cwd, { advisories: [] }),
      createMemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /No advisory source answered: give OSV advisories .*--advisories.*--npm-audit FILE/,
    );
  });

  it('fails with an environment error (exit 3) when the only source is an unreachable API', async () => {
    const cwd = await nodegoatRepo();
    const port = await closedPort();
    const started = performance.now();
    const error = await runDependencyGate(
      inputs(cwd, {
        advisories: [],
        offline: false,
        token: 'ghs_test',
        apiUrl: `http://127.0.0.1:${port}`,
      }),
      createMemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(exitCodeFor(error)).toBe(3);
    const message = (error as Error).message;
    expect(message).toContain(`Cannot reach the GitHub advisory API at 127.0.0.1:${port}`);
    expect(message).toContain('--offline');
    expect(message).not.toContain('HTTP 500');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reads a lockfile, package.json, OSV records and an audit report that start with a BOM', async () => {
    const cwd = await nodegoatRepo();
    const plain = await runDependencyGate(inputs(cwd), createMemoryLogger());
    const bom = '\uFEFF';
    const addBom = async (path: string) =>
      writeFile(path, bom + (await readFile(path, 'utf8')), 'utf8');
    await addBom(join(cwd, 'app/package-lock.json'));
    await addBom(join(cwd, 'app/package.json'));
    await cp(ADVISORIES, join(cwd, 'osv'), { recursive: true });
    await addBom(join(cwd, 'osv/GHSA-5v2h-r2cx-5xgj.json'));
    await writeFile(
      join(cwd, 'audit.json'),
      bom + JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: {} }),
    );
    expect((await readFile(join(cwd, 'app/package-lock.json'))).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );

    const result = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'], npmAuditReport: 'audit.json' }),
      createMemoryLogger(),
    );
    expect(ids(result)).toEqual(ids(plain));
    expect(ids(result)).toContain('GHSA-5v2h-r2cx-5xgj');
    const marked = result.findings.find((f) => f.ruleId === 'GHSA-5v2h-r2cx-5xgj')!;
    expect(marked.location.startLine).toBe(
      plain.findings.find((f) => f.ruleId === 'GHSA-5v2h-r2cx-5xgj')!.location.startLine,
    );
    expect(result.notes.join(' ')).not.toMatch(/unreadable|Skipped/);
  });

  it('warns when the npm audit report names packages the lockfile does not install', async () => {
    const cwd = await nodegoatRepo();
    const entry = (name: string) => ({
      name,
      severity: 'moderate',
      via: [
        {
          source: 1,
          name,
          dependency: name,
          title: 'Example',
          url: `https://github.com/advisories/GHSA-${name}`,
          severity: 'moderate',
          range: '<99.0.0',
        },
      ],
    });
    const report = (names: string[]) =>
      JSON.stringify({
        auditReportVersion: 2,
        vulnerabilities: Object.fromEntries(names.map((n) => [n, entry(n)])),
      });
    await writeFile(join(cwd, 'mine.json'), report(['express']));
    await writeFile(join(cwd, 'other.json'), report(['express', 'not-here-a', 'not-here-b']));

    const mine = createMemoryLogger();
    const ok = await runDependencyGate(inputs(cwd, { npmAuditReport: 'mine.json' }), mine);
    expect(ok.notes.join(' ')).not.toContain('does not install');
    expect(mine.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);

    const logger = createMemoryLogger();
    const result = await runDependencyGate(inputs(cwd, { npmAuditReport: 'other.json' }), logger);
    const note = result.notes.find((n) => n.includes('does not install'));
    expect(note).toContain(
      'The npm audit report other.json names 2 packages that app/package-lock.json does not install (not-here-a, not-here-b)',
    );
    expect(logger.lines).toContain(`warning: ${note}`);
  });

  it('rejects a malformed policy with every problem listed', async () => {
    const cwd = await nodegoatRepo(
      'deps:\n  exceptions:\n    - { id: GHSA-x, expires: tomorrow }\n',
    );
    await expect(runDependencyGate(inputs(cwd), createMemoryLogger())).rejects.toThrow(
      /deps\.exceptions\[0\]\.owner.*deps\.exceptions\[0\]\.reason.*deps\.exceptions\[0\]\.expires/,
    );
  });
});

describe('runDependencyGate in diff mode', () => {
  async function repoWithChange(): Promise<string> {
    const cwd = await writeProject({
      'app/package.json': DEMO_MANIFEST,
      'app/package-lock.json': DEMO_LOCK_V3,
      // a@1.0.0 is vulnerable on both branches; the change raises c on the d path to 2.0.0
      // and adds e@1.0.0, both vulnerable.
      'osv/a.json': osvRecord('GHSA-aaaa-aaaa-aaaa', 'a', '1.0.1'),
      'osv/c.json': osvRecord('GHSA-cccc-cccc-cccc', 'c', '2.0.1', 'HIGH', {
        affected: [
          {
            package: { ecosystem: 'npm', name: 'c' },
            ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { fixed: '2.0.1' }] }],
          },
        ],
      }),
      'osv/e.json': osvRecord('GHSA-eeee-eeee-eeee', 'e', '1.0.1', 'LOW'),
    });
    const baseLock = structuredClone(DEMO_LOCK_V3) as unknown as {
      packages: Record<string, unknown>;
    };
    baseLock.packages['node_modules/d'] = {
      version: '1.0.0',
      dev: true,
      dependencies: { a: '^1.0.0', c: '^1.0.0' },
    };
    delete baseLock.packages['node_modules/d/node_modules/c'];
    await writeFiles(cwd, { 'app/package-lock.json': baseLock });
    initRepo(cwd);
    git(cwd, 'checkout', '-q', '-b', 'feature');
    const manifest = {
      ...DEMO_MANIFEST,
      dependencies: { ...DEMO_MANIFEST.dependencies, e: '^1.0.0' },
    };
    const lock = structuredClone(DEMO_LOCK_V3) as typeof DEMO_LOCK_V3 & {
      packages: Record<string, Record<string, unknown>>;
    };
    lock.packages['']!['dependencies'] = manifest.dependencies;
    lock.packages['node_modules/e'] = { version: '1.0.0', integrity: FAKE_INTEGRITY };
    await writeFiles(cwd, { 'app/package.json': manifest, 'app/package-lock.json': lock });
    git(cwd, 'commit', '-q', '-am', 'change');
    return cwd;
  }

  it('reports only what the change introduces', async () => {
    const cwd = await repoWithChange();
    const full = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'] }),
      createMemoryLogger(),
    );
    expect(ids(full)).toEqual([
      'GHSA-aaaa-aaaa-aaaa',
      'GHSA-cccc-cccc-cccc',
      'GHSA-eeee-eeee-eeee',
    ]);
    const diff = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'], mode: 'diff', baseRef: 'main' }),
      createMemoryLogger(),
    );
    expect(ids(diff)).toEqual(['GHSA-cccc-cccc-cccc', 'GHSA-eeee-eeee-eeee']);
    expect(diff.passed).toBe(false);
    expect(diff.vulnerable).toEqual(['c@2.0.0', 'e@1.0.0']);
    expect(diff.notes.join(' ')).toContain('introduced compared with main');
  });

  it.each([
    ['an unknown base', 'no-such-branch', /cannot find the base "no-such-branch"/],
    [
      'a base without the lockfile',
      'first',
      /found no lockfile at app\/package-lock\.json in the base "first"/,
    ],
  ])('treats %s as a configuration error', async (_name, base, message) => {
    const cwd = await repoWithChange();
    // "first" is an orphan commit without the project.
    git(cwd, 'checkout', '-q', '--orphan', 'first');
    git(cwd, 'rm', '-rq', '--cached', '.');
    git(cwd, 'commit', '-q', '--allow-empty', '-m', 'empty');
    git(cwd, 'checkout', '-q', '-f', 'feature');
    const error = await runDependencyGate(
      inputs(cwd, { advisories: ['osv'], mode: 'diff', baseRef: base }),
      createMemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
