import { fingerprintOf, SEVERITIES, type Finding, type Severity } from '@devsecops/findings';
import semver from 'semver';
import spdxCorrect from 'spdx-correct';
import parseSpdx from 'spdx-expression-parse';
import spdxSatisfies from 'spdx-satisfies';
import { z } from 'zod';
import {
  createMetadataResolver,
  type MetadataOptions,
  type MetadataSource,
} from './supply-chain/metadata.js';
import type { DependencyTree, InstalledPackage } from './types.js';

/** Rule ids of the license policy. */
export const LICENSE_RULES = {
  denied: 'license-denied',
  notAllowed: 'license-not-allowed',
  unknown: 'license-unknown',
} as const;

const TOOL = 'devsecops-deps';

/** `UNLICENSED` is npm's word for "no rights granted"; it may be listed to allow or deny it. */
const UNLICENSED = 'UNLICENSED';

const LicenseIdSchema = z.string().superRefine((value, ctx) => {
  if (value === UNLICENSED) return;
  let parsed: parseSpdx.Info | undefined;
  try {
    parsed = parseSpdx(value);
  } catch {
    const fix = spdxCorrect(value, { upgrade: false });
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not an SPDX license id${fix ? `; did you mean "${fix}"?` : ' (see https://spdx.org/licenses/)'}`,
    });
    return;
  }
  if ('conjunction' in parsed) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is an expression; list each license id on its own`,
    });
  }
});

/** The `licenses` part of the dependency policy. */
export const LicensePolicySchema = z
  .object({
    /** When set, every dependency must be usable under licenses from this list. */
    allow: z
      .array(LicenseIdSchema)
      .optional()
      .describe(
        'SPDX ids; when set, every dependency must be usable under licenses from this list',
      ),
    /** Licenses that are never acceptable. */
    deny: z.array(LicenseIdSchema).default([]).describe('SPDX ids that are never acceptable'),
    /** Packages whose license was reviewed by hand. */
    exempt: z
      .array(
        z
          .object({
            /** A package name, or `@scope/*` for a whole scope. */
            package: z.string().min(1),
            /** A version or semver range; every version when absent. */
            version: z.string().optional(),
            reason: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    /** Severity of `license-unknown`: a package whose license is missing or not SPDX. */
    unknown: z
      .enum(SEVERITIES)
      .default('low')
      .describe('Severity of license-unknown: a missing or non-SPDX license'),
    'denied-severity': z.enum(SEVERITIES).default('high'),
    'not-allowed-severity': z.enum(SEVERITIES).default('medium'),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const [i, exempt] of policy.exempt.entries()) {
      if (exempt.version !== undefined && semver.validRange(exempt.version) === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['exempt', i, 'version'],
          message: `"${exempt.version}" is not a version or semver range`,
        });
      }
    }
  });
export type LicensePolicy = z.output<typeof LicensePolicySchema>;

/** A license as a package declares it, brought to an SPDX expression where possible. */
export interface NormalizedLicense {
  kind: 'spdx' | 'unlicensed' | 'custom' | 'none' | 'invalid';
  /** The SPDX expression, for `spdx`. */
  expression?: string;
  /** The declared text when it was corrected or is not SPDX. */
  declared?: string;
}

/**
 * Normalises a `license` value: SPDX expressions as they are, common names corrected
 * (`Apache 2.0` → `Apache-2.0`), legacy `{ type }` objects and `licenses` arrays (one of them,
 * hence OR), `SEE LICENSE IN <file>` as custom and `UNLICENSED` as no grant.
 */
export function normalizeLicense(raw: unknown): NormalizedLicense {
  if (raw === undefined || raw === null || raw === '') return { kind: 'none' };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    return normalizeLicense((raw as Record<string, unknown>)['type']);
  }
  if (Array.isArray(raw)) {
    const parts = raw.map((item) => normalizeLicense(item));
    if (parts.length === 0) return { kind: 'none' };
    if (parts.length === 1) return parts[0]!;
    if (parts.every((p) => p.kind === 'spdx')) {
      return {
        kind: 'spdx',
        expression: parts.map((p) => `(${p.expression})`).join(' OR '),
        declared: JSON.stringify(raw),
      };
    }
    return { kind: 'invalid', declared: JSON.stringify(raw) };
  }
  if (typeof raw !== 'string') return { kind: 'invalid', declared: String(raw) };

  const text = raw.trim();
  if (text.toUpperCase() === UNLICENSED) return { kind: 'unlicensed', declared: text };
  if (/^SEE LICEN[CS]E IN\b/i.test(text)) return { kind: 'custom', declared: text };
  try {
    parseSpdx(text);
    return { kind: 'spdx', expression: text };
  } catch {
    // Not SPDX as written: try the usual misspellings below.
  }
  const corrected = spdxCorrect(text, { upgrade: false });
  if (corrected) {
    try {
      parseSpdx(corrected);
      return { kind: 'spdx', expression: corrected, declared: text };
    } catch {
      // spdx-correct answered something unparseable: treat as not SPDX.
    }
  }
  return { kind: 'invalid', declared: text };
}

/** The outcome of weighing one license against the policy. */
export interface LicenseVerdict {
  status: 'allowed' | 'denied' | 'not-allowed' | 'unknown';
  license: NormalizedLicense;
}

/**
 * Weighs a declared license against the policy. An OR expression passes when one branch passes;
 * an AND branch passes when each of its licenses is allowed and none is denied. It is denied
 * when every branch contains a denied license.
 */
export function evaluateLicense(raw: unknown, policy: LicensePolicy): LicenseVerdict {
  const license = normalizeLicense(raw);
  const allow = policy.allow && policy.allow.length > 0 ? policy.allow : undefined;
  const deny = policy.deny.filter((d) => d !== UNLICENSED);

  switch (license.kind) {
    case 'none':
    case 'invalid':
      return { status: 'unknown', license };
    case 'custom':
      return { status: allow ? 'not-allowed' : 'unknown', license };
    case 'unlicensed':
      if (policy.deny.includes(UNLICENSED)) return { status: 'denied', license };
      return { status: allow?.includes(UNLICENSED) ? 'allowed' : 'not-allowed', license };
    case 'spdx':
      break;
  }

  const branches = expand(parseSpdx(license.expression!));
  const allowList = allow?.filter((a) => a !== UNLICENSED);
  const isDenied = (leaf: string) => deny.length > 0 && satisfiesAny(leaf, deny);
  const isAllowed = (leaf: string) => !allowList || satisfiesAny(leaf, allowList);
  if (branches.some((b) => b.every((leaf) => !isDenied(leaf) && isAllowed(leaf)))) {
    return { status: 'allowed', license };
  }
  const denied = branches.every((b) => b.some(isDenied));
  return { status: denied ? 'denied' : 'not-allowed', license };
}

/** Expands an expression into OR-ed branches of AND-ed licenses. */
function expand(node: parseSpdx.Info): string[][] {
  if (!('conjunction' in node)) {
    return [
      [`${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`],
    ];
  }
  const left = expand(node.left);
  const right = expand(node.right);
  if (node.conjunction === 'or') return [...left, ...right];
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function satisfiesAny(leaf: string, list: readonly string[]): boolean {
  try {
    return spdxSatisfies(leaf, list);
  } catch {
    // spdx-satisfies cannot range-compare some ids (LicenseRef-…): fall back to equality.
    return list.includes(leaf);
  }
}

/** What {@link checkLicenses} returns. */
export interface LicenseCheckResult {
  findings: Finding[];
  /** Packages whose license no source recorded or that declare none or a non-SPDX one. */
  unknown: InstalledPackage[];
  /** One line per denied or not-allowed package: `name@version: license (reason)`. */
  violations: string[];
  /** Lines for the summary: what could not be checked and why. */
  notes: string[];
}

/**
 * Checks every installed package's license against the policy. Licenses come from the lockfile,
 * else the installed `package.json`, else the registry document when given; a license no source
 * recorded is listed in `unknown` and counted in a note, never guessed. Workspace packages and
 * links (the project's own code) are skipped.
 */
export function checkLicenses(
  tree: DependencyTree,
  policy: LicensePolicy,
  options: MetadataOptions = {},
): LicenseCheckResult {
  const metadata = createMetadataResolver(tree, options);
  const groups = new Map<string, Group>();
  const unknown: InstalledPackage[] = [];
  const violations: string[] = [];
  let unrecorded = 0;
  let exempted = 0;

  for (const pkg of tree.packages) {
    if (pkg.link) continue;
    if (isExempt(pkg, policy)) {
      exempted++;
      continue;
    }
    const meta = metadata(pkg);
    if (!meta.license) {
      unrecorded++;
      unknown.push(pkg);
      continue;
    }
    const verdict = evaluateLicense(meta.license.value, policy);
    if (verdict.status === 'allowed') continue;
    if (verdict.status === 'unknown') unknown.push(pkg);
    else
      violations.push(
        `${pkg.name}@${pkg.version}: ${describe(verdict.license)} (${verdict.status})`,
      );

    const ruleId =
      verdict.status === 'denied'
        ? LICENSE_RULES.denied
        : verdict.status === 'not-allowed'
          ? LICENSE_RULES.notAllowed
          : LICENSE_RULES.unknown;
    const key = `${ruleId}\0${pkg.name}`;
    const group = groups.get(key) ?? {
      ruleId,
      pkg,
      versions: [],
      licenses: [],
      source: meta.license.source,
      verdict,
    };
    if (!group.versions.includes(pkg.version)) group.versions.push(pkg.version);
    const text = describe(verdict.license);
    if (!group.licenses.includes(text)) group.licenses.push(text);
    groups.set(key, group);
  }

  const findings = [...groups.values()].map((g) => toFinding(tree, policy, g));
  const notes: string[] = [];
  if (unrecorded > 0) {
    notes.push(
      `Licenses of ${unrecorded} package${unrecorded === 1 ? '' : 's'} are unknown: ${tree.lockfilePath} does not record them and no installed copy or registry document was available for them.`,
    );
  }
  if (exempted > 0)
    notes.push(`${exempted} package${exempted === 1 ? '' : 's'} exempted from the license policy.`);
  return { findings, unknown, violations, notes };
}

interface Group {
  ruleId: string;
  pkg: InstalledPackage;
  versions: string[];
  licenses: string[];
  source: MetadataSource;
  verdict: LicenseVerdict;
}

function toFinding(tree: DependencyTree, policy: LicensePolicy, g: Group): Finding {
  const { pkg, ruleId } = g;
  const subject = `${pkg.name} ${g.versions.join(', ')}`;
  const licenses = g.licenses.join('; ');
  let severity: Severity;
  let title: string;
  let message: string;
  if (ruleId === LICENSE_RULES.denied) {
    severity = policy['denied-severity'];
    title = 'Denied license';
    message = `${subject} is licensed ${licenses}, which the license policy denies.`;
  } else if (ruleId === LICENSE_RULES.notAllowed) {
    severity = policy['not-allowed-severity'];
    title = 'License not allowed';
    message = `${subject} is licensed ${licenses}, which the license allow list does not cover.`;
  } else {
    severity = policy.unknown;
    title = 'Unknown license';
    const kind = g.verdict.license.kind;
    message =
      kind === 'none'
        ? `${subject} declares no license.`
        : kind === 'custom'
          ? `${subject} has a custom license (${licenses}); review it and add an exemption.`
          : `${subject} declares ${licenses}, which is not an SPDX license expression.`;
  }
  const location = {
    path: tree.lockfilePath,
    ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
  };
  const properties: Record<string, unknown> = {
    package: pkg.name,
    versions: g.versions,
    license: g.licenses,
    licenseSource: g.source,
    scope: pkg.scope,
    direct: pkg.direct,
  };
  if (g.verdict.license.expression) properties['spdx'] = g.verdict.license.expression;
  if (pkg.paths[0]) properties['path'] = pkg.paths[0].join(' > ');
  return {
    stage: 'deps',
    tool: TOOL,
    ruleId,
    severity,
    title,
    message,
    location,
    fingerprint: fingerprintOf(ruleId, pkg.name, tree.lockfilePath),
    helpUri: 'https://spdx.org/licenses/',
    properties,
  };
}

function describe(license: NormalizedLicense): string {
  switch (license.kind) {
    case 'spdx':
      return license.declared && !license.declared.startsWith('[')
        ? `"${license.expression}" (declared as "${license.declared}")`
        : `"${license.expression}"`;
    case 'none':
      return 'no license';
    default:
      return `"${license.declared ?? ''}"`;
  }
}

function isExempt(pkg: InstalledPackage, policy: LicensePolicy): boolean {
  return policy.exempt.some((e) => {
    const nameMatches = e.package.endsWith('/*')
      ? pkg.name.startsWith(e.package.slice(0, -1))
      : e.package === pkg.name;
    if (!nameMatches) return false;
    if (e.version === undefined) return true;
    return (
      semver.valid(pkg.version) !== null &&
      semver.satisfies(pkg.version, e.version, { loose: true })
    );
  });
}
