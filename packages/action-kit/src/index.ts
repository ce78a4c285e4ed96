export * from './errors.js';
export * from './logger.js';
export * from './inputs.js';
export * from './github.js';
export * from './format.js';
export * from './policy.js';
export * from './publish.js';
