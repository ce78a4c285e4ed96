import { z } from 'zod';
import { SEVERITIES } from '@devsecops/findings';

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
    'gitleaks-config': z
      .string()
      .optional()
      .describe('A gitleaks TOML config (default .gitleaks.toml when present).'),
  })
  .strict();

/** The parsed `secrets` policy section. */
export type SecretsPolicy = z.infer<typeof SecretsPolicySchema>;
