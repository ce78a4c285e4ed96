import { SEVERITIES, type Severity } from '@devsecops/findings';
import { z } from 'zod';
import { allowScriptsKeyProblem } from './allow-scripts.js';

/** Every supply-chain check by rule id, with its default severity. */
export const SUPPLY_CHAIN_CHECKS = {
  'lockfile-missing': 'high',
  'lockfile-out-of-sync': 'high',
  'non-registry-source': 'high',
  'insecure-http': 'high',
  typosquat: 'high',
  'install-script-not-allowed': 'medium',
  'missing-integrity': 'medium',
  'weak-integrity': 'low',
  deprecated: 'low',
  'new-maintainer': 'medium',
  'recently-published': 'low',
} as const satisfies Record<string, Severity>;
export type SupplyChainCheck = keyof typeof SUPPLY_CHAIN_CHECKS;

const CHECK_IDS = Object.keys(SUPPLY_CHAIN_CHECKS) as SupplyChainCheck[];

/** `false` disables a check, a severity overrides its default, or both as an object. */
const CheckSettingSchema = z.union([
  z.boolean(),
  z.enum(SEVERITIES),
  z.object({ enabled: z.boolean().optional(), severity: z.enum(SEVERITIES).optional() }).strict(),
]);

const ChecksSchema = z
  .object(Object.fromEntries(CHECK_IDS.map((id) => [id, CheckSettingSchema.optional()])))
  .strict();

/**
 * npm's `allowScripts` shape (`{ "esbuild": true, "sharp@0.33.5": true, "core-js": false }`),
 * or a plain list of names and pinned versions, all allowed.
 */
const AllowScriptsSchema = z
  .union([z.record(z.string(), z.boolean()), z.array(z.string())])
  .superRefine((value, ctx) => {
    const keys = Array.isArray(value) ? value : Object.keys(value);
    for (const key of keys) {
      const problem = allowScriptsKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: `"${key}" ${problem}` });
    }
  });

/** The `supply-chain` part of the dependency policy. */
export const SupplyChainPolicySchema = z
  .object({
    /** Per-check switches and severities, by rule id. */
    checks: ChecksSchema.default({}).describe(
      'Per check: false to disable, a severity, or { enabled, severity }',
    ),
    /** Registry hosts (`registry.npmjs.org`) or URL prefixes packages may be resolved from. */
    'allowed-registries': z
      .array(z.string().min(1))
      .default(['registry.npmjs.org'])
      .describe('Registry hosts or URL prefixes dependencies may come from'),
    /** Packages whose install scripts were reviewed; merged with package.json's `allowScripts`. */
    'allow-scripts': AllowScriptsSchema.default({}).describe(
      'Reviewed install scripts, in npm allowScripts format; merged with package.json allowScripts',
    ),
    /** Largest edit distance for long names (10+ characters); shorter names use 1, 0 turns it off. */
    'typosquat-distance': z
      .number()
      .int()
      .min(0)
      .max(3)
      .default(2)
      .describe('Largest edit distance for names of 10+ characters; 0 turns edit distance off'),
    /** Names the typosquat check must not report (reviewed look-alikes). */
    'typosquat-ignore': z
      .array(z.string())
      .default([])
      .describe('Reviewed look-alike names the typosquat check must not report'),
    /** `recently-published` reports versions younger than this many days (online only). */
    'min-age-days': z
      .number()
      .min(0)
      .default(3)
      .describe('recently-published reports versions younger than this many days (online)'),
  })
  .strict();
export type SupplyChainPolicy = z.output<typeof SupplyChainPolicySchema>;

/** Whether a check runs and at which severity, after the policy's overrides. */
export function checkSetting(
  policy: SupplyChainPolicy,
  id: SupplyChainCheck,
): { enabled: boolean; severity: Severity } {
  const setting = (policy.checks as Record<string, z.infer<typeof CheckSettingSchema> | undefined>)[
    id
  ];
  const severity: Severity = SUPPLY_CHAIN_CHECKS[id];
  if (setting === undefined || setting === true) return { enabled: true, severity };
  if (setting === false) return { enabled: false, severity };
  if (typeof setting === 'string') return { enabled: true, severity: setting };
  return { enabled: setting.enabled ?? true, severity: setting.severity ?? severity };
}
