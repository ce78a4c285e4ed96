import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkLicenses,
  evaluateLicense,
  LicensePolicySchema,
  normalizeLicense,
} from '../../src/licenses.js';
import { readDependencyTree } from '../../src/lockfile/read-tree.js';
import type { Packument } from '../../src/online/packuments.js';
import { LOCKFILES, makeTree, removeTempDirs, tempDir } from '../supply-chain/support.js';

afterEach(removeTempDirs);

const permissive = LicensePolicySchema.parse({
  allow: ['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause'],
  deny: ['GPL-3.0-only', 'AGPL-3.0-only'],
});

describe('normalizeLicense', () => {
  it.each([
    ['MIT', { kind: 'spdx', expression: 'MIT' }],
    ['(MIT OR Apache-2.0)', { kind: 'spdx', expression: '(MIT OR Apache-2.0)' }],
    ['Apache 2.0', { kind: 'spdx', expression: 'Apache-2.0', declared: 'Apache 2.0' }],
    ['MIT/X11', { kind: 'spdx', expression: 'MIT', declared: 'MIT/X11' }],
    ['mit', { kind: 'spdx', expression: 'MIT', declared: 'mit' }],
    ['UNLICENSED', { kind: 'unlicensed', declared: 'UNLICENSED' }],
    ['SEE LICENSE IN LICENSE.md', { kind: 'custom', declared: 'SEE LICENSE IN LICENSE.md' }],
    ['Public Domain', { kind: 'invalid', declared: 'Public Domain' }],
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    [
      { type: 'MIT', url: 'https://example.org/mit' },
      { kind: 'spdx', expression: 'MIT' },
    ],
  ])('normalises %j', (raw, expected) => {
    expect(normalizeLicense(raw)).toEqual(expected);
  });

  it('reads a legacy licenses array as a choice between its entries', () => {
    const legacy = [{ type: 'MIT' }, { type: 'Apache-2.0' }];
    expect(normalizeLicense(legacy)).toEqual({
      kind: 'spdx',
      expression: '(MIT) OR (Apache-2.0)',
      declared: JSON.stringify(legacy),
    });
  });
});

describe('evaluateLicense', () => {
  it.each([
    ['MIT', 'allowed'],
    ['(MIT OR GPL-3.0-only)', 'allowed'],
    ['(GPL-3.0-only OR MIT)', 'allowed'],
    ['(MIT AND GPL-3.0-only)', 'denied'],
    ['(MIT AND WTFPL)', 'not-allowed'],
    ['WTFPL', 'not-allowed'],
    ['GPL-3.0-only', 'denied'],
    ['(GPL-3.0-only OR AGPL-3.0-only)', 'denied'],
    ['(GPL-3.0-only OR WTFPL)', 'not-allowed'],
    ['Apache 2.0', 'allowed'],
    ['UNLICENSED', 'not-allowed'],
    ['SEE LICENSE IN LICENSE', 'not-allowed'],
    ['Public Domain', 'unknown'],
    [undefined, 'unknown'],
  ])('%s is %s', (license, status) => {
    expect(evaluateLicense(license, permissive).status).toBe(status);
  });

  it('honours or-later ranges in both directions', () => {
    const policy = LicensePolicySchema.parse({ allow: ['GPL-2.0-or-later'] });
    expect(evaluateLicense('GPL-3.0-only', policy).status).toBe('allowed');
    expect(evaluateLicense('LGPL-2.1-only', policy).status).toBe('not-allowed');
  });

  it('allows anything not denied when there is no allow list', () => {
    const policy = LicensePolicySchema.parse({ deny: ['GPL-3.0-only'] });
    expect(evaluateLicense('WTFPL', policy).status).toBe('allowed');
    expect(evaluateLicense('GPL-3.0-only', policy).status).toBe('denied');
    expect(evaluateLicense('SEE LICENSE IN EULA.txt', policy).status).toBe('unknown');
  });

  it('treats UNLICENSED as a listable token', () => {
    expect(
      evaluateLicense('UNLICENSED', LicensePolicySchema.parse({ deny: ['UNLICENSED'] })).status,
    ).toBe('denied');
    expect(
      evaluateLicense('UNLICENSED', LicensePolicySchema.parse({ allow: ['MIT', 'UNLICENSED'] }))
        .status,
    ).toBe('allowed');
  });
});

describe('LicensePolicySchema', () => {
  it('rejects ids that are not SPDX and suggests the correct one', () => {
    const result = LicensePolicySchema.safeParse({ allow: ['Apache 2.0'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      '"Apache 2.0" is not an SPDX license id; did you mean "Apache-2.0"?',
    );
  });

  it('rejects expressions in the lists and unknown keys', () => {
    expect(LicensePolicySchema.safeParse({ deny: ['MIT OR GPL-3.0-only'] }).success).toBe(false);
    expect(LicensePolicySchema.safeParse({ alow: ['MIT'] }).success).toBe(false);
    expect(
      LicensePolicySchema.safeParse({
        exempt: [{ package: 'x', version: 'not a range', reason: 'r' }],
      }).success,
    ).toBe(false);
  });

  it('defaults the unknown severity to low', () => {
    expect(LicensePolicySchema.parse({}).unknown).toBe('low');
  });
});

describe('checkLicenses', () => {
  it('reports each rule once per package with its lockfile line', () => {
    const tree = makeTree([
      { name: 'ok', version: '1.0.0', license: 'MIT', lockfileLine: 10 },
      { name: 'gpl', version: '1.0.0', license: 'GPL-3.0-only', lockfileLine: 20 },
      {
        name: 'gpl',
        version: '2.0.0',
        license: 'GPL-3.0-only',
        location: 'node_modules/x/node_modules/gpl',
        lockfileLine: 30,
      },
      { name: 'odd', version: '0.1.0', license: 'WTFPL', lockfileLine: 40 },
      { name: 'vague', version: '0.1.0', license: 'Public Domain', lockfileLine: 50 },
      { name: 'own', version: '1.0.0', license: 'GPL-3.0-only', link: true },
    ]);
    const result = checkLicenses(tree, permissive);
    const summary = result.findings.map((f) => [f.ruleId, f.severity, f.location.startLine]);
    expect(summary).toEqual([
      ['license-denied', 'high', 20],
      ['license-not-allowed', 'medium', 40],
      ['license-unknown', 'low', 50],
    ]);
    const denied = result.findings[0]!;
    expect(denied.message).toBe(
      'gpl 1.0.0, 2.0.0 is licensed "GPL-3.0-only", which the license policy denies.',
    );
    expect(denied).toMatchObject({
      stage: 'deps',
      tool: 'devsecops-deps',
      location: { path: 'package-lock.json' },
    });
    expect(denied.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(result.violations).toEqual([
      'gpl@1.0.0: "GPL-3.0-only" (denied)',
      'gpl@2.0.0: "GPL-3.0-only" (denied)',
      'odd@0.1.0: "WTFPL" (not-allowed)',
    ]);
    expect(result.unknown.map((p) => p.name)).toEqual(['vague']);
  });

  it('skips exempted packages by name, scope and version range', () => {
    const tree = makeTree([
      { name: 'gpl', version: '1.2.0', license: 'GPL-3.0-only' },
      { name: 'gpl2', version: '3.0.0', license: 'GPL-3.0-only' },
      { name: '@corp/tool', version: '1.0.0', license: 'UNLICENSED' },
    ]);
    const policy = LicensePolicySchema.parse({
      ...permissive,
      exempt: [
        { package: 'gpl', version: '^1.0.0', reason: 'build tool only' },
        { package: 'gpl2', version: '<3', reason: 'old only' },
        { package: '@corp/*', reason: 'our own packages' },
      ],
    });
    const result = checkLicenses(tree, policy);
    expect(result.findings.map((f) => f.properties?.['package'])).toEqual(['gpl2']);
    expect(result.notes).toContain('2 packages exempted from the license policy.');
  });

  it('uses the configured severities', () => {
    const tree = makeTree([
      { name: 'a', version: '1.0.0', license: 'GPL-3.0-only' },
      { name: 'b', version: '1.0.0' },
    ]);
    const policy = LicensePolicySchema.parse({
      deny: ['GPL-3.0-only'],
      unknown: 'medium',
      'denied-severity': 'critical',
    });
    const installed = new Map<string, Packument>([
      ['b', { name: 'b', versions: { '1.0.0': { name: 'b', version: '1.0.0' } } }],
    ]);
    const result = checkLicenses(tree, policy, { packuments: installed });
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['license-denied', 'critical'],
      ['license-unknown', 'medium'],
    ]);
    expect(result.findings[1]!.message).toBe('b 1.0.0 declares no license.');
  });

  it('reads licenses a v1 lockfile lacks from node_modules, and never guesses the rest', async () => {
    const root = await tempDir();
    const write = async (location: string, json: unknown) => {
      await mkdir(join(root, location), { recursive: true });
      await writeFile(join(root, location, 'package.json'), JSON.stringify(json));
    };
    await write('node_modules/legacy', {
      name: 'legacy',
      version: '1.0.0',
      licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }],
    });
    await write('node_modules/object', {
      name: 'object',
      version: '2.0.0',
      license: { type: 'WTFPL' },
    });
    // A stale install of another version says nothing about the locked one.
    await write('node_modules/stale', { name: 'stale', version: '9.9.9', license: 'GPL-3.0-only' });
    const tree = makeTree(
      [
        { name: 'legacy', version: '1.0.0' },
        { name: 'object', version: '2.0.0' },
        { name: 'stale', version: '1.0.0' },
        { name: 'absent', version: '1.0.0' },
      ],
      { root, lockfileVersion: 1 },
    );
    const result = checkLicenses(tree, permissive);
    expect(
      result.findings.map((f) => [
        f.properties?.['package'],
        f.ruleId,
        f.properties?.['licenseSource'],
      ]),
    ).toEqual([['object', 'license-not-allowed', 'installed']]);
    expect(result.unknown.map((p) => p.name)).toEqual(['stale', 'absent']);
    expect(result.notes[0]).toMatch(/^Licenses of 2 packages are unknown/);
  });

  it('falls back to registry documents when given', () => {
    const tree = makeTree([{ name: 'r', version: '1.0.0' }], { lockfileVersion: 1 });
    const packuments = new Map<string, Packument>([
      ['r', { name: 'r', versions: { '1.0.0': { license: 'AGPL-3.0-only' } } }],
    ]);
    const result = checkLicenses(tree, permissive, { packuments });
    expect(result.findings.map((f) => [f.ruleId, f.properties?.['licenseSource']])).toEqual([
      ['license-denied', 'registry'],
    ]);
  });

  it('checks the licenses recorded in a real v2 lockfile (NodeGoat)', async () => {
    const tree = await readDependencyTree(join(LOCKFILES, 'nodegoat'));
    const policy = LicensePolicySchema.parse({
      allow: [
        ...permissive.allow!,
        '0BSD',
        'CC0-1.0',
        'CC-BY-3.0',
        'CC-BY-4.0',
        'Unlicense',
        'Python-2.0',
      ],
      deny: permissive.deny,
    });
    const result = checkLicenses(tree, policy);
    const byPackage = Object.fromEntries(
      result.findings.map((f) => [
        f.properties?.['package'],
        [f.ruleId, f.properties?.['license']],
      ]),
    );
    expect(byPackage).toEqual({
      jju: ['license-not-allowed', ['"WTFPL"']],
      'bcrypt-pbkdf': ['license-not-allowed', ['"BSD-4-Clause"']],
      tweetnacl: ['license-not-allowed', ['"SEE LICENSE IN COPYING.txt"']],
    });
    // 503 entries record a license; the rest are unknown and only counted.
    expect(result.unknown).toHaveLength(976);
    expect(result.findings.every((f) => typeof f.location.startLine === 'number')).toBe(true);
  });

  it('counts every license of a real v1 lockfile as unknown without node_modules', async () => {
    const tree = await readDependencyTree(join(LOCKFILES, 'realworld-react-v1'));
    const result = checkLicenses(tree, permissive);
    expect(result.findings).toEqual([]);
    expect(result.unknown).toHaveLength(tree.packages.filter((p) => !p.link).length);
    expect(result.notes[0]).toMatch(/^Licenses of \d+ packages are unknown: package-lock.json/);
  });
});
