import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import semver from 'semver';
import { ConfigurationError } from '@devsecops/action-kit';
import { parseSeverity } from '@devsecops/findings';
import type { Advisory } from '../types.js';
import { emptyStats, type OsvLoadResult } from './osv.js';
import { stripBom } from '../bom.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads an `npm audit --json` report of npm 7 or later (auditReportVersion 2) as advisories.
 * Each advisory object in a package's `via` list becomes one advisory with npm's vulnerable
 * range; the matcher then evaluates it against the lockfile like any other source.
 */
export function parseNpmAuditReport(value: unknown, label = 'npm audit report'): OsvLoadResult {
  if (!isObject(value)) {
    throw new ConfigurationError(`${label} is not an npm audit JSON report (expected an object).`);
  }
  if (value['auditReportVersion'] !== 2 || !isObject(value['vulnerabilities'])) {
    const old = 'advisories' in value ? ' It looks like the npm 6 format;' : '';
    throw new ConfigurationError(
      `${label} is not an npm 7+ audit report (auditReportVersion 2).${old} Produce it with "npm audit --json" on npm 7 or later.`,
    );
  }
  const stats = emptyStats();
  const advisories: Advisory[] = [];
  const seen = new Set<string>();
  stats.files = 1;

  for (const vulnerability of Object.values(value['vulnerabilities'])) {
    if (!isObject(vulnerability) || !Array.isArray(vulnerability['via'])) {
      stats.invalidRecords++;
      continue;
    }
    for (const via of vulnerability['via']) {
      // Strings in `via` name another vulnerable package, which has its own entry.
      if (!isObject(via)) continue;
      stats.records++;
      const name = via['name'];
      const range = via['range'];
      const severity =
        typeof via['severity'] === 'string' ? parseSeverity(via['severity']) : undefined;
      if (typeof name !== 'string' || typeof range !== 'string') {
        stats.invalidRecords++;
        continue;
      }
      if (semver.validRange(range, { includePrerelease: true }) === null) {
        stats.invalidRanges++;
        continue;
      }
      if (!severity) {
        stats.unknownSeverity++;
        continue;
      }
      const url = typeof via['url'] === 'string' ? via['url'] : undefined;
      const ghsa = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/i.exec(url ?? '')?.[0];
      const source =
        typeof via['source'] === 'number' || typeof via['source'] === 'string'
          ? String(via['source'])
          : undefined;
      const id = ghsa ?? (source ? `NPM-${source}` : undefined);
      if (!id) {
        stats.invalidRecords++;
        continue;
      }
      const key = `${id}\0${name}\0${range}`;
      if (seen.has(key)) continue;
      seen.add(key);
      advisories.push({
        id,
        aliases: ghsa && source ? [`NPM-${source}`] : [],
        source: 'npm-audit',
        package: name,
        summary: typeof via['title'] === 'string' ? via['title'] : '',
        severity,
        severityFrom: 'source',
        intervals: [],
        ranges: [range],
        versions: [],
        malware: false,
        url,
      });
    }
  }
  stats.advisories = advisories.length;
  return { advisories, stats };
}

/** Reads an npm audit report file; bad JSON is a configuration error naming the file. */
export async function loadNpmAuditReport(path: string, cwd: string): Promise<OsvLoadResult> {
  const abs = resolve(cwd, path);
  // Named as the user would type it: relative to the working directory when inside it.
  const rel = relative(process.cwd(), abs).split(sep).join('/');
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `Cannot read the npm audit report "${shown}" (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check npm-audit-report.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch {
    throw new ConfigurationError(
      `The npm audit report "${shown}" is not valid JSON. Write it with "npm audit --json > ${shown}".`,
    );
  }
  return parseNpmAuditReport(value, `The npm audit report "${shown}"`);
}
