import { depsStage } from './deps.js';
import { secretsStage } from './secrets.js';
import type { StageDefinition } from './types.js';

/**
 * Every stage the CLI knows, in the order `scan` runs them. A stage without `run` answers
 * "not available in this version" until it ships; adding one is adding its entry here.
 */
export const STAGE_REGISTRY: readonly StageDefinition[] = [
  secretsStage,
  depsStage,
  { stage: 'sbom', summary: 'Write a CycloneDX software bill of materials' },
  { stage: 'sast', summary: 'Static analysis of the source code' },
  { stage: 'dast', summary: 'Dynamic analysis of a running application' },
];
