/**
 * Loads the SDK (sdk-entry.ts) on first use. In the extension's bundle it is a file of its own, dist/claude-sdk.js
 * (esbuild.mjs defines LATE_BUNDLES and keeps that require external), so activation does not parse 144 KB
 * it may never need; from source (unit tests, the file-by-file test build) it is the module itself.
 */
import type * as SdkEntry from './sdk-entry';

declare const LATE_BUNDLES: boolean | undefined;

let loaded: typeof SdkEntry | undefined;

export function loadSdk(): typeof SdkEntry {
  if (!loaded) {
    // Written out, not shared with the other late load: esbuild drops the require not taken (and so keeps the
    // module out of the bundle) only when LATE_BUNDLES and both requires sit in one expression.
    /* eslint-disable @typescript-eslint/no-require-imports -- a synchronous, deliberately late load */
    loaded =
      typeof LATE_BUNDLES !== 'undefined' && LATE_BUNDLES
        ? (require('./claude-sdk.js') as typeof SdkEntry)
        : (require('./sdk-entry') as typeof SdkEntry);
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded;
}
