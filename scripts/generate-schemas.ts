// Writes the JSON Schemas that adopters' editors read, from the zod schemas the code parses
// with, so they are never written twice: `npm run schemas`. `--check` fails when a committed
// schema differs from what the code would generate.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JsonReportSchema } from '@devsecops/findings';
import { SecretsPolicySchema } from '@devsecops/secrets-scan';
import { DepsPolicySchema } from '@devsecops/dependency-gate';

/** The whole policy file: one section per stage, and what it extends. */
export const PolicyFileSchema = z
  .strictObject({
    extends: z
      .string()
      .optional()
      .describe('Another policy file, relative to this one, whose keys this file overrides.'),
    secrets: SecretsPolicySchema.optional(),
    deps: DepsPolicySchema.optional(),
  })
  .describe('devsecops policy (.github/devsecops.yml)');

function render(schema: z.ZodType, id: string): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...json, $id: id }, null, 2) + '\n';
}

export const SCHEMAS: Record<string, string> = {
  'configs/devsecops.schema.json': render(
    PolicyFileSchema,
    'https://github.com/devsecops-toolkit/devsecops-toolkit/configs/devsecops.schema.json',
  ),
  'configs/report.schema.json': render(
    JsonReportSchema,
    'https://github.com/devsecops-toolkit/devsecops-toolkit/configs/report.schema.json',
  ),
};

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(SCHEMAS)) {
    const path = root + file;
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // A missing schema counts as stale.
      }
      if (current !== text) {
        console.error(`${file} is out of date. Run npm run schemas and commit it.`);
        stale++;
      }
    } else {
      writeFileSync(path, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
