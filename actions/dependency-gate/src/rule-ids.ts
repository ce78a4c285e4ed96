/** Rule ids besides advisory ids; a module of its own so that reporters read them cheaply. */
export const RULES = {
  denied: 'deps/denied-package',
  expiredException: 'deps/exception-expired',
} as const;
