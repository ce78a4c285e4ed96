/** The parts of a registry package document (packument) this action reads. */
export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  /** Version manifests by version: license, scripts, deprecated, maintainers, _npmUser. */
  versions?: Record<string, Record<string, unknown>>;
  /** Publication times by version, plus `created` and `modified`. */
  time?: Record<string, string>;
}
