/**
 * Loads undici (undici-entry.ts) on first use. In the extension's bundle it is a file of its own, dist/undici.js
 * (esbuild.mjs defines LATE_BUNDLES and keeps that require external); from source (unit tests, the file-by-file test
 * build) it is the module itself.
 */
import type * as UndiciEntry from './undici-entry';

declare const LATE_BUNDLES: boolean | undefined;

let loaded: typeof UndiciEntry | undefined;

export function undici(): typeof UndiciEntry {
  if (!loaded) {
    // Written out, not shared with the other late load: esbuild drops the require not taken (and so keeps the
    // module out of the bundle) only when LATE_BUNDLES and both requires sit in one expression.
    /* eslint-disable @typescript-eslint/no-require-imports -- a synchronous, deliberately late load */
    loaded =
      typeof LATE_BUNDLES !== 'undefined' && LATE_BUNDLES
        ? (require('./undici.js') as typeof UndiciEntry)
        : (require('./undici-entry') as typeof UndiciEntry);
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded;
}
