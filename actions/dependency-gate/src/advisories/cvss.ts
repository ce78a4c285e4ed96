import type { Severity } from '@devsecops/findings';

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/** Parses `CVSS:3.1/AV:N/...` into its metrics; undefined when a base metric is missing. */
function parseVector(vector: string, prefix: RegExp): Map<string, string> | undefined {
  const parts = vector.trim().split('/');
  if (!prefix.test(parts[0] ?? '')) return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [key, value] = part.split(':');
    if (!key || !value || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  return metrics;
}

/** CVSS v3.1 Roundup: the smallest number with one decimal that is at least the input. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/**
 * The CVSS v3.0/v3.1 base score of a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`),
 * from the formula of the v3.1 specification (section 7.1); undefined for a malformed vector.
 */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = parseVector(vector, /^CVSS:3\.[01]$/);
  if (!m) return undefined;
  const scope = m.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const av = AV[m.get('AV') ?? ''];
  const ac = AC[m.get('AC') ?? ''];
  const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[m.get('PR') ?? ''];
  const ui = UI[m.get('UI') ?? ''];
  const c = CIA[m.get('C') ?? ''];
  const i = CIA[m.get('I') ?? ''];
  const a = CIA[m.get('A') ?? ''];
  if ([av, ac, pr, ui, c, i, a].some((v) => v === undefined)) return undefined;

  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

/**
 * A severity for a CVSS v4.0 base vector.
 *
 * Limitation: CVSS v4 scores come from a table of 270 macro-vectors that is not implemented
 * here; this coarse mapping looks at the impact on the vulnerable and subsequent systems and at
 * how easy the attack is. It is used only when an advisory has neither a database severity nor
 * a v3 vector, and can be one level off the official score's rating.
 */
export function cvss4Severity(vector: string): Severity | undefined {
  const m = parseVector(vector, /^CVSS:4\.0$/);
  if (!m) return undefined;
  const level = (key: string) => ({ H: 2, L: 1, N: 0 })[m.get(key) ?? ''];
  const vulnerable = ['VC', 'VI', 'VA'].map(level);
  const subsequent = ['SC', 'SI', 'SA'].map(level);
  if ([...vulnerable, ...subsequent].some((v) => v === undefined)) return undefined;
  const av = m.get('AV');
  if (!av || !m.get('AC') || !m.get('AT') || !m.get('PR') || !m.get('UI')) return undefined;

  const impact = Math.max(...(vulnerable as number[]));
  const anyImpact = impact > 0 || Math.max(...(subsequent as number[])) > 0;
  if (!anyImpact) return 'info';
  const highCount = (vulnerable as number[]).filter((v) => v === 2).length;
  const remote = av === 'N' || av === 'A';
  const easy =
    m.get('AC') === 'L' && m.get('AT') === 'N' && m.get('PR') === 'N' && m.get('UI') === 'N';
  if (impact === 2 && remote && easy && highCount >= 2) return 'critical';
  if (impact === 2 && remote) return 'high';
  if (impact === 2 || (impact === 1 && remote && easy)) return 'medium';
  return 'low';
}

/** The qualitative rating of a CVSS v3 base score (info for 0.0). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
