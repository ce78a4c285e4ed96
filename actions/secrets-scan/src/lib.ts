/**
 * The secrets stage as a library: the action's main.ts and the devsecops CLI call these; nothing
 * here touches the runner.
 */
import type { ScanChunk, SecretMatch } from './types.js';
import type { Detector } from './engine/detector.js';

export * from './types.js';
export {
  runSecretsScan,
  writeBaseline,
  toFinding,
  TOOL_NAME,
  TOOL_VERSION,
  DEFAULT_BASELINE,
  type SecretsScanInputs,
} from './run.js';
export {
  createSecretDigester,
  digestSecret,
  digestSecrets,
  SECRET_DIGEST,
  type SecretDigester,
  type SecretDigests,
} from './secret-digest.js';
export {
  SecretsPolicySchema,
  SecretsExceptionSchema,
  type SecretsPolicy,
  type SecretsException,
} from './policy.js';
export { applyExceptions, describeException, type ExceptionOutcome } from './exceptions.js';
export {
  createDetector,
  type Detector,
  type DetectorOptions,
  type DetectorStats,
} from './engine/detector.js';
export {
  loadBuiltinRules,
  loadGitleaksConfig,
  builtinRulesPath,
  type RuleSet,
} from './engine/config.js';
export { parseRuleFile, type Rule, type Allowlist, type RuleFile } from './engine/rules.js';
export { compileRe2, compileNative, type Pattern } from './engine/pattern.js';
export { shannonEntropy } from './engine/entropy.js';
export { readBaseline, createBaseline, type Baseline } from './baseline.js';
export { parseGitleaksIgnore } from './ignore-file.js';
export { directoryChunks } from './sources/directory.js';
export { stagedChunks, logChunks } from './sources/git.js';

/** Scans one text as the file `path` (tests and tooling). */
export function scanText(text: string, path: string, detector: Detector): SecretMatch[] {
  const chunk: ScanChunk = { path, text };
  return detector.scan(chunk);
}
