import { z } from 'zod';
import { ExpiryDateSchema, requiredText } from '@devsecops/action-kit';
import { SEVERITIES } from '@devsecops/findings';

/**
 * An accepted finding: one fingerprint, or every finding of a rule and/or under a path, until a
 * date, with who accepted it and why.
 */
export const SecretsExceptionSchema = z
  .object({
    fingerprint: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, 'must be a finding fingerprint (32 hex digits, from the reports)')
      .transform((value) => value.toLowerCase())
      .optional()
      .describe("A finding's fingerprint, as the JSON report and SARIF give it."),
    rule: z.string().min(1).optional().describe('A rule id, e.g. private-key.'),
    path: z
      .string()
      .min(1)
      .refine((value) => !value.startsWith('/'), {
        message: 'is relative to the repository root: drop the leading /',
      })
      .optional()
      .describe('A glob of repository paths, e.g. "test/fixtures/**".'),
    owner: requiredText().describe('Who accepted it.'),
    reason: requiredText().describe('Why it is not a leak, or why it may stay for now.'),
    expires: ExpiryDateSchema.describe('The last day it holds (UTC, YYYY-MM-DD).'),
  })
  .strict()
  .refine((e) => e.fingerprint || e.rule || e.path, {
    message: 'names no finding: give a fingerprint, a rule, a path or a rule and a path',
  });
export type SecretsException = z.output<typeof SecretsExceptionSchema>;

/** The `secrets` section of `.github/devsecops.yml`. */
export const SecretsPolicySchema = z
  .object({
    'fail-on': z
      .enum(SEVERITIES)
      .optional()
      .describe('Fail when a finding is at or above this severity.'),
    baseline: z
      .string()
      .optional()
      .describe('Baseline file of accepted secrets (default .secrets-baseline.json).'),
    'ignore-paths': z
      .array(z.string())
      .optional()
      .describe('Globs of repository paths not to scan, e.g. "test/fixtures/**".'),
    'allow-regexes': z
      .array(z.string())
      .optional()
      .describe('RE2 patterns; a finding whose secret or line matches one is not reported.'),
    stopwords: z
      .array(z.string())
      .optional()
      .describe('Words; a secret containing one is not reported.'),
    'disabled-rules': z.array(z.string()).optional().describe('Rule ids not to run.'),
    exceptions: z
      .array(SecretsExceptionSchema)
      .optional()
      .describe('Accepted findings with an owner, a reason and an expiry date.'),
    'gitleaks-config': z
      .string()
      .optional()
      .describe('A gitleaks TOML config (default .gitleaks.toml when present).'),
  })
  .strict();

/** The parsed `secrets` policy section. */
export type SecretsPolicy = z.infer<typeof SecretsPolicySchema>;
