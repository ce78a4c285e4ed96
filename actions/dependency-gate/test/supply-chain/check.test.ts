import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDependencyTree } from '../../src/lockfile/read-tree.js';
import type { Packument } from '../../src/online/packuments.js';
import {
  checkLockfilePresence,
  checkSupplyChain,
  SupplyChainPolicySchema,
  type SupplyChainPolicy,
} from '../../src/supply-chain/index.js';
import type { DependencyTree } from '../../src/types.js';
import { FIXTURE_PROJECTS, LOCKFILES, makeTree, removeTempDirs, tempDir } from './support.js';

afterEach(removeTempDirs);

const defaults = SupplyChainPolicySchema.parse({});

function run(tree: DependencyTree, policy: SupplyChainPolicy = defaults, notes: string[] = []) {
  return checkSupplyChain(tree, policy, { offline: true, notes });
}

function rules(tree: DependencyTree, policy?: SupplyChainPolicy): string[] {
  return run(tree, policy).map((f) => `${f.ruleId}:${String(f.properties?.['package'])}`);
}

describe('checkSupplyChain on synthetic lockfiles', () => {
  it.each([
    [
      'git+ssh://git@github.com/a/b.git#0123456789abcdef0123456789abcdef01234567',
      ['non-registry-source'],
    ],
    ['https://github.com/a/b/tarball/master', ['non-registry-source']],
    ['https://registry.npmjs.org/x/-/x-1.0.0.tgz', []],
    ['https://npm.internal.example/x/-/x-1.0.0.tgz', ['non-registry-source']],
    ['http://registry.npmjs.org/x/-/x-1.0.0.tgz', ['insecure-http']],
    ['http://npm.internal.example:4873/x/-/x-1.0.0.tgz', ['non-registry-source', 'insecure-http']],
    ['file:../outside/x-1.0.0.tgz', ['non-registry-source']],
    ['file:vendor/x-1.0.0.tgz', []],
    [undefined, []],
  ])('classifies resolved %s', (resolved, expected) => {
    const tree = makeTree([{ name: 'x', version: '1.0.0', ...(resolved ? { resolved } : {}) }], {
      root: '/work/project',
    });
    expect(run(tree).map((f) => f.ruleId)).toEqual(expected);
  });

  it('accepts registries listed by host or URL prefix', () => {
    const tree = makeTree([
      {
        name: 'a',
        version: '1.0.0',
        resolved: 'https://npm.pkg.github.com/download/@o/a/1.0.0/abc',
      },
      {
        name: 'b',
        version: '1.0.0',
        resolved: 'https://art.example/api/npm/remote/b/-/b-1.0.0.tgz',
      },
    ]);
    const policy = SupplyChainPolicySchema.parse({
      'allowed-registries': [
        'registry.npmjs.org',
        'npm.pkg.github.com',
        'https://art.example/api/npm/remote/',
      ],
    });
    expect(run(tree, policy)).toEqual([]);
  });

  it('flags links outside the project but not workspaces inside it', () => {
    const tree = makeTree(
      [
        { name: 'inside', version: '1.0.0', link: true, resolved: 'packages/inside' },
        { name: 'outside', version: '1.0.0', link: true, resolved: '../elsewhere/outside' },
      ],
      { root: '/work/project' },
    );
    expect(rules(tree)).toEqual(['non-registry-source:outside']);
  });

  it('reports missing and SHA-1-only integrity of registry packages only', () => {
    const tree = makeTree([
      { name: 'none', version: '1.0.0', integrity: undefined },
      { name: 'sha1', version: '1.0.0', integrity: 'sha1-AAAA' },
      { name: 'both', version: '1.0.0', integrity: 'sha1-AAAA sha512-BBBB' },
      {
        name: 'git',
        version: '1.0.0',
        integrity: undefined,
        resolved: 'git+https://github.com/a/git.git#abc',
      },
      { name: 'inner', version: '1.0.0', integrity: undefined, bundled: true, bundledBy: 'outer' },
    ]);
    const policy = SupplyChainPolicySchema.parse({ checks: { 'non-registry-source': false } });
    expect(rules(tree, policy)).toEqual(['missing-integrity:none', 'weak-integrity:sha1']);
  });

  it('groups one finding per rule and package name, listing every version', () => {
    const tree = makeTree([
      { name: 'old', version: '1.0.0', integrity: 'sha1-A', lockfileLine: 7 },
      {
        name: 'old',
        version: '2.0.0',
        integrity: 'sha1-B',
        location: 'node_modules/x/node_modules/old',
      },
    ]);
    const [finding, ...rest] = run(tree);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'weak-integrity',
      severity: 'low',
      stage: 'deps',
      tool: 'devsecops-deps',
      location: { path: 'package-lock.json', startLine: 7 },
      properties: {
        versions: ['1.0.0', '2.0.0'],
        locations: ['node_modules/old', 'node_modules/x/node_modules/old'],
      },
    });
    expect(finding!.message).toMatch(/^old 1\.0\.0, 2\.0\.0 is verified only by a SHA-1 hash/);
  });

  it('applies per-check severities and switches', () => {
    const tree = makeTree([{ name: 'crossenv', version: '1.0.0', integrity: 'sha1-A' }]);
    const policy = SupplyChainPolicySchema.parse({
      checks: { typosquat: 'critical', 'weak-integrity': { enabled: false } },
    });
    expect(run(tree, policy).map((f) => [f.ruleId, f.severity])).toEqual([
      ['typosquat', 'critical'],
    ]);
    expect(
      run(tree, SupplyChainPolicySchema.parse({ 'typosquat-ignore': ['crossenv'] })).map(
        (f) => f.ruleId,
      ),
    ).toEqual(['weak-integrity']);
  });

  it('rejects unknown checks and allow-scripts keys npm would ignore', () => {
    expect(SupplyChainPolicySchema.safeParse({ checks: { typo: false } }).success).toBe(false);
    const bad = SupplyChainPolicySchema.safeParse({ 'allow-scripts': { 'esbuild@^0.19.0': true } });
    expect(bad.error?.issues[0]?.message).toBe(
      '"esbuild@^0.19.0" uses a semver range; use the bare name or exact versions joined by "||"',
    );
    expect(SupplyChainPolicySchema.safeParse({ 'allow-scripts': ['x@latest'] }).success).toBe(
      false,
    );
  });

  it('reports deprecation from node_modules or the registry and counts the rest as unknown', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'node_modules/old'), { recursive: true });
    await writeFile(
      join(root, 'node_modules/old/package.json'),
      JSON.stringify({ name: 'old', version: '1.0.0', deprecated: 'use new' }),
    );
    const tree = makeTree(
      [
        { name: 'old', version: '1.0.0' },
        { name: 'reg', version: '2.0.0' },
        { name: 'fine', version: '1.0.0' },
        { name: 'unknown', version: '1.0.0' },
      ],
      { root },
    );
    const packuments = new Map<string, Packument>([
      ['reg', { name: 'reg', versions: { '2.0.0': { deprecated: 'no longer maintained' } } }],
      ['fine', { name: 'fine', versions: { '1.0.0': {} } }],
    ]);
    const notes: string[] = [];
    const findings = checkSupplyChain(tree, defaults, { offline: false, packuments, notes });
    expect(
      findings.map((f) => [f.ruleId, f.properties?.['package'], f.properties?.['source']]),
    ).toEqual([
      ['deprecated', 'old', 'installed'],
      ['deprecated', 'reg', 'registry'],
    ]);
    expect(findings[1]!.message).toBe('reg 2.0.0 is deprecated: "no longer maintained".');
    expect(notes).toEqual([
      'Deprecation of 1 package is unknown: package-lock.json does not record it; the registry did not answer for them.',
    ]);
    // Offline, registry documents are never consulted.
    const offline = checkSupplyChain(tree, defaults, { offline: true, packuments });
    expect(offline.map((f) => f.properties?.['package'])).toEqual(['old']);
  });
});

describe('install scripts', () => {
  const tree = makeTree(
    [
      { name: 'esbuild', version: '0.19.10', hasInstallScript: true },
      {
        name: 'sharp',
        version: '0.33.5',
        hasInstallScript: true,
        resolved: 'https://registry.npmjs.org/sharp/-/sharp-0.33.5.tgz',
      },
      { name: 'core-js', version: '3.6.4', hasInstallScript: true },
      { name: 'pinned', version: '1.0.0', hasInstallScript: true },
      {
        name: 'fromgit',
        version: '1.0.0',
        hasInstallScript: true,
        resolved:
          'git+ssh://git@github.com/acme/fromgit.git#0123456789abcdef0123456789abcdef01234567',
      },
      { name: 'bundled', version: '1.0.0', hasInstallScript: true, bundled: true, bundledBy: 'x' },
      { name: 'quiet', version: '1.0.0' },
    ],
    { manifest: { name: 'app', allowScripts: { 'core-js': false, 'pinned@1.0.0': true } } },
  );
  const policy = SupplyChainPolicySchema.parse({
    checks: { 'non-registry-source': false },
    'allow-scripts': { esbuild: true, 'sharp@0.33.5': true, 'github:acme/fromgit#0123456': true },
  });

  it('follows npm allowScripts semantics', () => {
    const notes: string[] = [];
    const findings = run(tree, policy, notes);
    expect(
      findings.map((f) => [f.ruleId, f.properties?.['package'], f.properties?.['decision']]),
    ).toEqual([['install-script-not-allowed', 'pinned', 'unverifiable']]);
    expect(findings[0]!.severity).toBe('medium');
    expect(notes).toContain(
      '1 install-script approval pin a version that package-lock.json cannot confirm (no resolved URL); npm refuses such entries as well.',
    );
  });

  it('reports every unapproved script without an allowlist', () => {
    const bare = { ...tree, manifest: { name: 'app' } };
    expect(
      run(bare, SupplyChainPolicySchema.parse({ checks: { 'non-registry-source': false } })).map(
        (f) => f.properties?.['package'],
      ),
    ).toEqual(['esbuild', 'sharp', 'core-js', 'pinned', 'fromgit']);
  });

  it('does not match another commit or a version the resolved URL contradicts', () => {
    const other = makeTree([
      {
        name: 'fromgit',
        version: '1.0.0',
        hasInstallScript: true,
        resolved:
          'git+ssh://git@github.com/acme/fromgit.git#fedcba9876543210fedcba9876543210fedcba98',
      },
      {
        name: 'sharp',
        version: '0.33.4',
        hasInstallScript: true,
        resolved: 'https://registry.npmjs.org/sharp/-/sharp-0.33.4.tgz',
      },
    ]);
    expect(run(other, policy).map((f) => f.properties?.['package'])).toEqual(['fromgit', 'sharp']);
  });

  it.each([
    ['https://example.com/t.tgz', 'https://example.com/t.tgz', 'allowed'],
    ['https://example.com/t.tgz', 'https://example.com/other.tgz', 'unreviewed'],
    ['file:vendor/t.tgz', 'file:vendor/t.tgz', 'allowed'],
    [
      'git+ssh://git@github.com/o/t.git#0123456789abcdef0123456789abcdef01234567',
      'github:o/t',
      'allowed',
    ],
    [
      'git+ssh://git@github.com/o/t.git#0123456789abcdef0123456789abcdef01234567',
      'github:o/other',
      'unreviewed',
    ],
  ])('matches %s against the key %s: %s', (resolved, key, expected) => {
    const t = makeTree([{ name: 't', version: '1.0.0', hasInstallScript: true, resolved }], {
      root: '/work/project',
    });
    const p = SupplyChainPolicySchema.parse({
      checks: { 'non-registry-source': false },
      'allow-scripts': { [key]: true },
    });
    expect(run(t, p).map((f) => f.properties?.['decision'] ?? 'allowed')).toEqual(
      expected === 'allowed' ? [] : [expected],
    );
  });

  it('lets a deny entry win over an allow entry, as npm does', () => {
    const t = makeTree([{ name: 'x', version: '1.0.0', hasInstallScript: true }], {
      manifest: { name: 'app', allowScripts: { x: false } },
    });
    expect(run(t, SupplyChainPolicySchema.parse({ 'allow-scripts': ['x'] }))).toEqual([]);
    const notes: string[] = [];
    const bad = { ...t, manifest: { name: 'app', allowScripts: { 'x@^1': true, y: 'yes' } } };
    expect(run(bad, defaults, notes).map((f) => f.ruleId)).toEqual(['install-script-not-allowed']);
    expect(notes).toEqual([
      'Ignored package.json allowScripts "x@^1" uses a semver range; use the bare name or exact versions joined by "||".',
      'Ignored package.json allowScripts "y" must be true or false.',
      expect.stringMatching(/^Deprecation of 1 package is unknown/),
    ]);
  });

  it('reads v1 install scripts from node_modules, including binding.gyp', async () => {
    const root = await tempDir();
    const write = async (path: string, text: string) => {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    };
    await write('node_modules/gyp/package.json', JSON.stringify({ name: 'gyp', version: '1.0.0' }));
    await write('node_modules/gyp/binding.gyp', '{}');
    await write(
      'node_modules/post/package.json',
      JSON.stringify({ name: 'post', version: '1.0.0', scripts: { postinstall: 'node x.js' } }),
    );
    await write(
      'node_modules/plain/package.json',
      JSON.stringify({ name: 'plain', version: '1.0.0', scripts: { test: 'x' } }),
    );
    const v1 = makeTree(
      ['gyp', 'post', 'plain', 'absent'].map((name) => ({ name, version: '1.0.0' })),
      { root, lockfileVersion: 1 },
    );
    const notes: string[] = [];
    expect(run(v1, defaults, notes).map((f) => [f.ruleId, f.properties?.['package']])).toEqual([
      ['install-script-not-allowed', 'gyp'],
      ['install-script-not-allowed', 'post'],
    ]);
    expect(notes[0]).toBe(
      'Install scripts of 1 package are unknown: package-lock.json (lockfile v1) does not record them and no installed copy or registry document was available for them.',
    );
  });
});

describe('lockfile and package.json agreement', () => {
  const manifest = {
    name: 'app',
    dependencies: {
      ranged: '^1.2.0',
      stale: '^2.0.0',
      missing: '1.0.0',
      aliased: 'npm:real-name@^3.0.0',
      wrongalias: 'npm:other@^3.0.0',
      tagged: 'latest',
      fromgit: 'github:acme/fromgit#0123456789abcdef0123456789abcdef01234567',
      tarball: 'https://example.com/t.tgz',
      local: 'file:../shared',
    },
    devDependencies: { dev: '~4.1.0' },
    optionalDependencies: { ranged: '^1.0.0' },
  };
  const tree = makeTree(
    [
      { name: 'ranged', version: '1.4.0' },
      { name: 'stale', version: '1.9.0' },
      { name: 'real-name', alias: 'aliased', version: '3.1.0' },
      { name: 'real-name', alias: 'wrongalias', version: '3.1.0' },
      { name: 'tagged', version: '0.0.1' },
      {
        name: 'fromgit',
        version: '1.0.0',
        resolved:
          'git+ssh://git@github.com/acme/fromgit.git#0123456789abcdef0123456789abcdef01234567',
      },
      { name: 'tarball', version: '1.0.0', resolved: 'https://example.com/t.tgz' },
      { name: 'local', version: '1.0.0', link: true, resolved: '../shared' },
      { name: 'dev', version: '4.2.0', scope: 'development' },
      { name: 'w-dep', version: '2.0.0', location: 'packages/w/node_modules/w-dep' },
    ],
    {
      root: '/work/project',
      manifest,
      workspaces: { 'packages/w': { name: 'w', dependencies: { 'w-dep': '^1.0.0' } } },
    },
  );
  const policy = SupplyChainPolicySchema.parse({
    checks: { 'non-registry-source': false, 'missing-integrity': false },
  });

  it('reports each declared dependency the lockfile does not satisfy', () => {
    const findings = run(tree, policy).filter((f) => f.ruleId === 'lockfile-out-of-sync');
    expect(
      findings.map((f) => [
        f.properties?.['package'],
        f.properties?.['installed'],
        f.location.path,
      ]),
    ).toEqual([
      ['stale', '1.9.0', 'package.json'],
      ['missing', null, 'package.json'],
      ['wrongalias', '3.1.0', 'package.json'],
      ['dev', '4.2.0', 'package.json'],
      ['w-dep', '2.0.0', 'packages/w/package.json'],
    ]);
    expect(findings[0]!.message).toBe(
      'package.json declares stale ^2.0.0 in dependencies, but package-lock.json installs stale 1.9.0. Run "npm install" and commit the updated lockfile.',
    );
    expect(findings[1]!.message).toMatch(/does not install it/);
  });

  it('points at the dependency line in package.json', async () => {
    const root = await tempDir();
    const text = JSON.stringify(
      { name: 'app', dependencies: { a: '^1.0.0', b: '^2.0.0' } },
      null,
      2,
    );
    await writeFile(join(root, 'package.json'), text);
    const t = makeTree(
      [
        { name: 'a', version: '1.0.0' },
        { name: 'b', version: '1.0.0' },
      ],
      {
        root,
        manifest: JSON.parse(text) as Record<string, unknown>,
      },
    );
    const [finding] = run(t).filter((f) => f.ruleId === 'lockfile-out-of-sync');
    expect(finding!.location).toEqual({ path: 'package.json', startLine: 5 });
  });

  it('reports a project without a lockfile', async () => {
    const root = await tempDir();
    const manifest = { name: 'app', dependencies: { a: '^1.0.0' } };
    const finding = checkLockfilePresence(root, manifest, defaults, 'app/package.json');
    expect(finding).toMatchObject({
      ruleId: 'lockfile-missing',
      severity: 'high',
      location: { path: 'app/package.json', startLine: 1 },
    });
    expect(checkLockfilePresence(root, { name: 'empty' }, defaults)).toBeUndefined();
    await writeFile(join(root, 'npm-shrinkwrap.json'), '{}');
    expect(checkLockfilePresence(root, manifest, defaults)).toBeUndefined();
  });
});

describe('checkSupplyChain on the real fixture lockfiles', () => {
  async function fixture(name: string) {
    return readDependencyTree(join(LOCKFILES, name));
  }

  it('finds the GitHub tarball, SHA-1 hashes and install scripts of NodeGoat (v2)', async () => {
    const tree = await fixture('nodegoat');
    const findings = run(tree);
    const source = findings.filter((f) => f.ruleId === 'non-registry-source');
    expect(source.map((f) => [f.properties?.['package'], f.properties?.['resolved']])).toEqual([
      ['grunt-if', 'https://github.com/binarymist/grunt-if/tarball/master'],
    ]);
    expect(source[0]!.location.startLine).toBe(4051);
    const scripts = findings.filter((f) => f.ruleId === 'install-script-not-allowed');
    expect(scripts.map((f) => f.properties?.['package']).sort()).toEqual([
      'cypress',
      'fsevents',
      'nodemon',
    ]);
    expect(findings.filter((f) => f.ruleId === 'weak-integrity').length).toBeGreaterThan(400);
    expect(
      findings.some((f) => f.ruleId === 'lockfile-out-of-sync' || f.ruleId === 'missing-integrity'),
    ).toBe(false);
    const deprecated = findings.find(
      (f) => f.ruleId === 'deprecated' && f.properties?.['package'] === 'request',
    );
    expect(deprecated?.message).toMatch(
      /^request [\d., ]+ is deprecated: "request has been deprecated/,
    );
  });

  it('finds the plain-http private registry of the React app (v1)', async () => {
    const tree = await fixture('realworld-react-v1');
    const notes: string[] = [];
    const findings = run(tree, defaults, notes);
    const http = findings.filter((f) => f.ruleId === 'insecure-http');
    const elsewhere = findings.filter((f) => f.ruleId === 'non-registry-source');
    expect(http).toHaveLength(57);
    expect(elsewhere.map((f) => f.properties?.['package'])).toEqual(
      http.map((f) => f.properties?.['package']),
    );
    expect(http.find((f) => f.properties?.['package'] === 'cross-env')?.message).toBe(
      'cross-env 5.2.0 is downloaded without TLS (http://npm.colorfy.me:4873/cross-env/-/cross-env-5.2.0.tgz); anyone on the network path can replace it. Use https.',
    );
    // v1 lockfiles record no install scripts: unknown, not guessed.
    expect(findings.some((f) => f.ruleId === 'install-script-not-allowed')).toBe(false);
    expect(notes[0]).toMatch(
      /^Install scripts of 1,508 packages are unknown: package-lock.json \(lockfile v1\)/,
    );
  });

  it('approves the install scripts of the Express app (v3) through allow-scripts', async () => {
    const tree = await fixture('realworld-express-v3');
    const unapproved = run(tree).filter((f) => f.ruleId === 'install-script-not-allowed');
    expect(unapproved.map((f) => f.properties?.['package'])).toEqual([
      '@prisma/client',
      '@prisma/engines',
      '@swc/core',
      'esbuild',
      'fsevents',
      'nx',
      'prisma',
    ]);
    const policy = SupplyChainPolicySchema.parse({
      'allow-scripts': [
        '@prisma/client',
        '@prisma/engines',
        '@swc/core',
        'esbuild',
        'nx',
        'prisma',
      ],
    });
    expect(
      run(tree, policy).map((f) => `${f.ruleId}:${String(f.properties?.['package'])}`),
    ).toEqual(['install-script-not-allowed:fsevents']);
  });

  it('reports no out-of-sync dependency in any of the in-sync fixtures', async () => {
    for (const name of FIXTURE_PROJECTS) {
      const findings = run(await fixture(name));
      expect(findings.filter((f) => f.ruleId === 'lockfile-out-of-sync')).toEqual([]);
    }
  });
});
