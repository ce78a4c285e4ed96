export * from './allow-scripts.js';
export * from './check.js';
export * from './manifest.js';
export * from './metadata.js';
export * from './policy.js';
export * from './sources.js';
export * from './typosquat.js';
