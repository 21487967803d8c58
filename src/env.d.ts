/// <reference types="astro/client" />

/** Astro components, as the render module imports them (compiled by site/compile.ts). */
declare module '*.astro' {
  const component: (...args: never[]) => unknown;
  export default component;
}
