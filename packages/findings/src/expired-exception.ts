import type { Finding, Stage } from './finding.js';
import { fingerprintOf } from './fingerprint.js';

/** The rule id of the finding a stage reports for an exception past its date. */
export function expiredExceptionRule(stage: Stage): string {
  return `${stage}/exception-expired`;
}

/**
 * True for a finding that reports an exception past its date: it fails its stage whatever the
 * threshold. Its properties name the exception (`exception`), its `owner` and `expires`.
 */
export function isExpiredException(finding: Finding): boolean {
  return finding.ruleId === expiredExceptionRule(finding.stage);
}

/** What an expired exception's finding is made of. */
export interface ExpiredException {
  stage: Stage;
  tool: string;
  /** A short name of what it covered, as verdicts name it (`GHSA-…`, `private-key in test/**`). */
  name: string;
  /** More of what it covered, for the message only. */
  detail?: string;
  owner: string;
  expires: string;
  /** The policy file that holds it, where the finding points. */
  policyFile: string;
  /** The fields that identify it, for a fingerprint that survives edits elsewhere in the file. */
  key: readonly (string | undefined)[];
  /** What to do, e.g. `Fix the dependency`. */
  remedy: string;
  /** Stage-specific facts besides exception, owner and expires. */
  properties?: Record<string, unknown>;
}

/** The finding that fails a stage for an exception past its date, at the policy file. */
export function expiredExceptionFinding(e: ExpiredException): Finding {
  const ruleId = expiredExceptionRule(e.stage);
  const what = e.detail ? `${e.name} (${e.detail})` : e.name;
  return {
    stage: e.stage,
    tool: e.tool,
    ruleId,
    severity: 'high',
    title: 'Expired exception',
    message: `The exception for ${what} owned by ${e.owner} expired on ${e.expires}. ${e.remedy}, or renew the exception with a new date and reason.`,
    location: { path: e.policyFile },
    fingerprint: fingerprintOf(e.stage, ruleId, ...e.key),
    properties: { exception: e.name, owner: e.owner, expires: e.expires, ...e.properties },
  };
}

/** `expired exception X (owner Y)`: how verdicts and failure lines name such a finding. */
export function describeExpiredException(finding: Finding): string {
  const p = finding.properties ?? {};
  return `expired exception ${String(p['exception'])} (owner ${String(p['owner'])})`;
}
