// The dependency gate as a library, for the CLI and tests. Only main.ts touches the runner.
export * from './types.js';
export {
  runDependencyGate,
  TOOL_VERSION,
  type DependencyGateInputs,
  type DependencyGateResult,
} from './run.js';
export {
  DepsPolicySchema,
  DepsExceptionSchema,
  DenyRuleSchema,
  DEPENDENCY_SCOPES,
  resolveDepsPolicy,
  compilePathPattern,
  type DepsPolicy,
  type DepsException,
  type DenyRule,
} from './policy.js';
export {
  detectLockfile,
  hasLockfile,
  readDependencyTree,
  type LockfileInfo,
} from './lockfile/read-tree.js';
export { loadOsvAdvisories, parseOsvRecord } from './advisories/osv.js';
export { loadNpmAuditReport, parseNpmAuditReport } from './advisories/npm-audit.js';
export {
  indexAdvisories,
  matchAdvisories,
  evaluateAdvisory,
  type AdvisoryMatch,
} from './advisories/match.js';
export { cvss3BaseScore, cvss4Severity } from './advisories/cvss.js';
export { evaluateGate, RULES, TOOL } from './gate.js';
export { readBaseTree, introducedFindings } from './diff.js';
export { renderVulnerabilityTable } from './summary.js';
export { checkLicenses, LicensePolicySchema, type LicensePolicy } from './licenses.js';
