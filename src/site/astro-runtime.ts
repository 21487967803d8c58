/**
 * The runtime compiled Astro components import (the compiler's `internalURL`, see compile.ts):
 * Astro's own server runtime, plus the one function the compiler emits that Astro 5's runtime
 * no longer exports.
 */
export * from 'astro/runtime/server/index.js';

/**
 * Component metadata, which only Astro's dev server reads (hoisting and hydration); static
 * rendering through the container has no use for it.
 */
export function createMetadata(): Record<string, never> {
  return {};
}
