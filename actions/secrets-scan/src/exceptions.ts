import picomatch from 'picomatch';
import { hasExpired } from '@devsecops/action-kit';
import { expiredExceptionFinding, type Finding } from '@devsecops/findings';
import type { SecretsException } from './policy.js';

/** What the policy's exceptions did to a run's findings. */
export interface ExceptionOutcome {
  /** The findings no exception in force covers. */
  findings: Finding[];
  /** How many findings an exception in force covered. */
  waived: number;
  /** Exceptions past their date: each fails the run and is reported as a finding. */
  expired: SecretsException[];
  /** One finding per expired exception, located at the policy file. */
  expiredFindings: Finding[];
}

/** A short name of what an exception covers, for messages. */
export function describeException(e: SecretsException): string {
  if (e.fingerprint) return `finding ${e.fingerprint.slice(0, 12)}`;
  if (e.rule && e.path) return `${e.rule} in ${e.path}`;
  return e.rule ?? e.path ?? '';
}

/**
 * Drops the findings that an exception in force covers (every criterion it gives matches), and
 * reports each expired exception, which covers nothing any more.
 */
export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly SecretsException[],
  options: { date: string; policyFile: string; tool: string },
): ExceptionOutcome {
  const expired = exceptions.filter((e) => hasExpired(e.expires, options.date));
  const covers = exceptions
    .filter((e) => !hasExpired(e.expires, options.date))
    .map((e) => {
      const path = e.path ? picomatch(e.path, { dot: true }) : undefined;
      return (f: Finding) =>
        (!e.fingerprint || e.fingerprint === f.fingerprint) &&
        (!e.rule || e.rule === f.ruleId) &&
        (!path || path(f.location.path));
    });
  const kept = findings.filter((f) => !covers.some((covered) => covered(f)));
  return {
    findings: kept,
    waived: findings.length - kept.length,
    expired,
    expiredFindings: expired.map((e) => expiredFinding(e, options.policyFile, options.tool)),
  };
}

function expiredFinding(e: SecretsException, policyFile: string, tool: string): Finding {
  return expiredExceptionFinding({
    stage: 'secrets',
    tool,
    name: describeException(e),
    owner: e.owner,
    expires: e.expires,
    policyFile,
    key: [e.fingerprint, e.rule, e.path],
    remedy: 'Rotate and remove the secret',
  });
}
