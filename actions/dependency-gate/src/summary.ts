import { compareFindings, type Finding } from '@devsecops/findings';
import type { DependencyScope } from './types.js';

const SCOPE_TITLE: Record<DependencyScope, string> = {
  runtime: 'Runtime dependencies',
  optional: 'Optional dependencies',
  peer: 'Peer dependencies',
  development: 'Development dependencies',
};
const ORDER: DependencyScope[] = ['runtime', 'optional', 'peer', 'development'];

const cell = (text: string) =>
  text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\|/g, '\\|');

/**
 * The vulnerability table of the job summary, one group per scope with development last:
 * package, installed version, advisory, severity, path, fixed in, and whether the parent's
 * declared range allows the fix.
 */
export function renderVulnerabilityTable(findings: readonly Finding[], maxRows = 100): string {
  const vulnerabilities = findings.filter(
    (f) => typeof f.properties?.['advisory'] === 'string' && f.properties['scope'],
  );
  if (vulnerabilities.length === 0) return '';
  const lines: string[] = [];
  for (const scope of ORDER) {
    const group = vulnerabilities
      .filter((f) => f.properties!['scope'] === scope)
      .sort(compareFindings);
    if (group.length === 0) continue;
    lines.push(
      '',
      `#### ${SCOPE_TITLE[scope]} (${group.length})`,
      '',
      '| Package | Installed | Advisory | Severity | Path | Fixed in | Parent allows fix |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of group.slice(0, maxRows)) {
      const p = f.properties!;
      const paths = (p['paths'] as string[] | undefined) ?? [];
      const allows = p['parentAllowsFix'];
      const advisory = f.helpUri ? `[${cell(f.ruleId)}](${f.helpUri})` : cell(f.ruleId);
      lines.push(
        `| ${cell(String(p['package']))} | ${cell(String(p['version']))} | ${advisory} | ${f.severity} | ${cell(paths[0] ?? '')} | ${cell(typeof p['fixedIn'] === 'string' ? p['fixedIn'] : 'none')} | ${allows === true ? 'yes' : allows === false ? 'no' : '?'} |`,
      );
    }
    if (group.length > maxRows)
      lines.push('', `…and ${group.length - maxRows} more in the SARIF and JSON reports.`);
  }
  return lines.join('\n') + '\n';
}
