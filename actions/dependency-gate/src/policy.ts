import semver from 'semver';
import { z } from 'zod';
import { SEVERITIES, type Severity } from '@devsecops/findings';
import {
  ExpiryDateSchema,
  hasExpired,
  parsePolicySection,
  type PolicyDocument,
} from '@devsecops/action-kit';
import { LicensePolicySchema } from './licenses.js';
import { SupplyChainPolicySchema, type SupplyChainPolicy } from './supply-chain/policy.js';
import type { DependencyScope, InstalledPackage } from './types.js';

/** Every dependency scope, in the order reports list them. */
export const DEPENDENCY_SCOPES = ['runtime', 'development', 'optional', 'peer'] as const;

/** One accepted risk: an advisory waived for a package or path until a date. */
export const DepsExceptionSchema = z
  .object({
    /** The advisory's id or any alias (GHSA-…, CVE-…). */
    id: z.string().min(1),
    /** Only for this package (by its real name). */
    package: z.string().min(1).optional(),
    /** Only where every recorded path matches, e.g. `express > * > qs` (`**` spans any depth). */
    path: z.string().min(1).optional(),
    owner: z.string().min(1),
    reason: z.string().min(1),
    /** The last day the exception holds (UTC). */
    expires: ExpiryDateSchema,
  })
  .strict();
export type DepsException = z.output<typeof DepsExceptionSchema>;

/** A package that must not be installed at all, or not in these versions. */
export const DenyRuleSchema = z
  .object({
    name: z.string().min(1),
    range: z
      .string()
      .refine((r) => semver.validRange(r) !== null, 'is not a semver range')
      .optional(),
    reason: z.string().optional(),
    severity: z.enum(SEVERITIES).default('high'),
  })
  .strict();
export type DenyRule = z.output<typeof DenyRuleSchema>;

/** The `deps` section of `.github/devsecops.yml`. The JSON Schema in configs/ comes from it. */
export const DepsPolicySchema = z
  .object({
    /** The severity at or above which the gate fails. */
    'fail-on': z.enum(SEVERITIES).optional(),
    /** Which dependency scopes are checked for vulnerabilities; all when absent. */
    scopes: z.array(z.enum(DEPENDENCY_SCOPES)).min(1).optional(),
    /** `diff` reports only what a pull request adds compared with its base branch. */
    mode: z.enum(['full', 'diff']).optional(),
    exceptions: z.array(DepsExceptionSchema).default([]),
    deny: z.array(DenyRuleSchema).default([]),
    licenses: LicensePolicySchema.optional(),
    'supply-chain': SupplyChainPolicySchema.optional(),
  })
  .strict();
export type DepsPolicyFile = z.output<typeof DepsPolicySchema>;

/** The dependency policy after action inputs override the file. */
export interface DepsPolicy {
  failOn: Severity;
  scopes: DependencyScope[];
  mode: 'full' | 'diff';
  exceptions: DepsException[];
  deny: DenyRule[];
  licenses?: DepsPolicyFile['licenses'];
  /** Supply-chain checks run by default, with their own default severities. */
  supplyChain: SupplyChainPolicy;
}

/** What inputs can override. */
export interface DepsPolicyOverrides {
  failOn?: Severity;
  scopes?: DependencyScope[];
  mode?: 'full' | 'diff';
}

/** Parses the `deps` section (every problem listed) and lets inputs override it. */
export function resolveDepsPolicy(
  doc: PolicyDocument,
  overrides: DepsPolicyOverrides = {},
): DepsPolicy {
  const file = parsePolicySection(doc, 'deps', DepsPolicySchema);
  const policy: DepsPolicy = {
    failOn: overrides.failOn ?? file['fail-on'] ?? 'high',
    scopes: overrides.scopes ?? file.scopes ?? [...DEPENDENCY_SCOPES],
    mode: overrides.mode ?? file.mode ?? 'full',
    exceptions: file.exceptions,
    deny: file.deny,
    supplyChain: file['supply-chain'] ?? SupplyChainPolicySchema.parse({}),
  };
  if (file.licenses) policy.licenses = file.licenses;
  return policy;
}

export { today } from '@devsecops/action-kit';

/** True when the exception's last day is before `date` (YYYY-MM-DD). */
export function isExpired(exception: DepsException, date: string): boolean {
  return hasExpired(exception.expires, date);
}

/** `express > * > qs` as a matcher of dependency paths (lists of installed names). */
export function compilePathPattern(pattern: string): (path: readonly string[]) => boolean {
  const segments = pattern
    .split('>')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const matchers = segments.map((s) =>
    s === '**' ? undefined : new RegExp(`^${s.split('*').map(escapeRegExp).join('[^>]*')}$`),
  );
  const match = (path: readonly string[], i: number, j: number): boolean => {
    if (i === matchers.length) return j === path.length;
    const m = matchers[i];
    if (m === undefined) {
      for (let k = j; k <= path.length; k++) if (match(path, i + 1, k)) return true;
      return false;
    }
    return j < path.length && m.test(path[j]!) && match(path, i + 1, j + 1);
  };
  return (path) => match(path, 0, 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether an exception covers this advisory on this package. With a `path`, every recorded path
 * of the package must match, so that a second way in is not waived by accident.
 */
export function exceptionCovers(
  exception: DepsException,
  ids: readonly string[],
  pkg: InstalledPackage,
): boolean {
  const wanted = exception.id.toUpperCase();
  if (!ids.some((id) => id.toUpperCase() === wanted)) return false;
  if (exception.package !== undefined && exception.package !== pkg.name) return false;
  if (exception.path !== undefined) {
    const matches = compilePathPattern(exception.path);
    if (pkg.paths.length === 0 || !pkg.paths.every((p) => matches(p))) return false;
  }
  return true;
}

/** The deny rule an installed package breaks, if any. */
export function deniedBy(pkg: InstalledPackage, rules: readonly DenyRule[]): DenyRule | undefined {
  return rules.find(
    (rule) =>
      rule.name === pkg.name &&
      (rule.range === undefined ||
        semver.satisfies(pkg.version, rule.range, { includePrerelease: true })),
  );
}
