import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@devsecops/action-kit';
import { indexAdvisories, matchAdvisories } from '../../src/advisories/match.js';
import { loadNpmAuditReport, parseNpmAuditReport } from '../../src/advisories/npm-audit.js';
import { loadOsvAdvisories } from '../../src/advisories/osv.js';
import { readDependencyTree } from '../../src/lockfile/read-tree.js';
import { FIXTURES, removeProjects, writeProject } from '../helpers.js';

afterEach(removeProjects);

const report = (name: string) => join(FIXTURES, 'npm-audit', name, 'npm7-output.json');

describe('loadNpmAuditReport', () => {
  it('reads each advisory of a real report once, with its GHSA id and range', async () => {
    const { advisories } = await loadNpmAuditReport(report('npm-allowlisted-path'), '/');
    expect(advisories.map((a) => `${a.id} ${a.package} ${a.ranges[0]} ${a.severity}`)).toEqual([
      'GHSA-cph5-m8f7-6c5x axios <=0.21.1 high',
      'GHSA-4w2v-q235-vp99 axios <0.21.1 high',
      'GHSA-42xw-2xvc-qx8m axios <=0.18.0 high',
      'GHSA-pw2r-vq6v-hr8c follow-redirects <1.14.8 medium',
      'GHSA-74fj-2j2h-c42q follow-redirects <1.14.7 high',
    ]);
    expect(advisories[0]!.aliases).toEqual(['NPM-1038749']);
  });

  it.each([
    ['npm-critical', 1],
    ['npm-high', 1],
    ['npm-low', 1],
    ['npm-moderate', 1],
    ['npm-none', 0],
    ['npm-skip-dev', 1],
  ])('reads %s', async (name, count) => {
    const { advisories } = await loadNpmAuditReport(report(name), '/');
    expect(advisories).toHaveLength(count);
  });

  it('matches report advisories against the lockfile, with fixed-in from the range', async () => {
    const dir = await writeProject({
      'package.json': { name: 'app', version: '1.0.0', dependencies: { axios: '^0.21.0' } },
      'package-lock.json': {
        name: 'app',
        version: '1.0.0',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { axios: '^0.21.0' } },
          'node_modules/axios': {
            version: '0.21.0',
            dependencies: { 'follow-redirects': '^1.10.0' },
          },
          'node_modules/follow-redirects': { version: '1.14.7' },
        },
      },
    });
    const tree = await readDependencyTree(dir);
    const { advisories } = await loadNpmAuditReport(report('npm-allowlisted-path'), '/');
    const matches = matchAdvisories(tree.packages, indexAdvisories(advisories));
    // axios 0.21.0: <=0.21.1 yes (no fixed-in: inclusive bound), <0.21.1 yes (fixed 0.21.1),
    // <=0.18.0 no. follow-redirects 1.14.7: <1.14.8 yes, <1.14.7 no.
    expect(
      matches.map((m) => `${m.pkg.name} ${m.advisory.id} ${m.fixedIn ?? '-'} ${m.parentAllowsFix}`),
    ).toEqual([
      'axios GHSA-cph5-m8f7-6c5x - undefined',
      'axios GHSA-4w2v-q235-vp99 0.21.1 true',
      'follow-redirects GHSA-pw2r-vq6v-hr8c 1.14.8 true',
    ]);
  });

  it('dedupes one advisory reported by OSV and npm audit, keeping the OSV record', async () => {
    const dir = await writeProject({
      'package.json': { name: 'app', version: '1.0.0', dependencies: { express: '4.18.2' } },
      'package-lock.json': {
        name: 'app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { express: '4.18.2' } },
          'node_modules/express': { version: '4.18.2' },
        },
      },
      'audit.json': {
        auditReportVersion: 2,
        vulnerabilities: {
          express: {
            name: 'express',
            severity: 'moderate',
            via: [
              {
                source: 1096820,
                name: 'express',
                dependency: 'express',
                title: 'Express.js Open Redirect in malformed URLs',
                url: 'https://github.com/advisories/GHSA-rv95-896h-c2vc',
                severity: 'moderate',
                range: '<4.19.2',
              },
            ],
          },
        },
      },
    });
    const tree = await readDependencyTree(dir);
    const osv = await loadOsvAdvisories([join(FIXTURES, 'advisories')], '/');
    const audit = await loadNpmAuditReport('audit.json', dir);
    const matches = matchAdvisories(
      tree.packages,
      indexAdvisories(audit.advisories, osv.advisories),
    );
    const rv95 = matches.filter((m) => m.advisory.id === 'GHSA-rv95-896h-c2vc');
    expect(rv95).toHaveLength(1);
    expect(rv95[0]!.advisory.source).toBe('osv');
    expect(rv95[0]!.sources.sort()).toEqual(['npm-audit', 'osv']);
    expect(rv95[0]!.aliases).toEqual(['CVE-2024-29041', 'NPM-1096820']);
  });

  it.each([
    ['an npm 6 report', { advisories: {}, metadata: {} }, /npm 6 format/],
    ['an array', [], /expected an object/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => parseNpmAuditReport(value)).toThrow(message);
  });

  it('rejects a report that is not JSON', async () => {
    const dir = await writeProject({ 'audit.json': 'npm ERR! code ENOLOCK' });
    await expect(loadNpmAuditReport('audit.json', dir)).rejects.toThrow(ConfigurationError);
  });
});
