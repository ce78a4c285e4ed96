export * from './cache.js';
export * from './github-advisories.js';
export * from './packument-checks.js';
export * from './packuments.js';
