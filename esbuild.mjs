// Builds the extension (Node, CommonJS, `vscode` external), undici and the Anthropic SDK apart (dist/undici.js and
// dist/claude-sdk.js, each loaded on first use) and the webview script (browser, IIFE); outside
// --production also the webview's test probes (dist/webview-probes.js).
// Flags: --production (minify, no sourcemaps), --watch (rebuild on change), --tests (also transpile
// src/, sandbox/ and test/ file-by-file into out/ so the integration suite can run inside the extension host).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @type {import('esbuild').Plugin} */
const reportProblems = {
  name: 'report-problems',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}`);
      }
      if (watch) console.log(`[watch] build finished (${result.errors.length} errors)`);
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [reportProblems],
};

/**
 * The late bundles stay out of dist/extension.js: src/net/undici.ts requires dist/undici.js and
 * src/backends/claude/sdk.ts dist/claude-sdk.js, each when first needed (LATE_BUNDLES tells them they run bundled).
 */
const lateBundlesApart = {
  name: 'late-bundles-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/(undici|claude-sdk)\.js$/ }, ({ path }) => ({ path, external: true }));
  },
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { LATE_BUNDLES: 'true' },
  plugins: [...common.plugins, lateBundlesApart],
};

/** undici, loaded the first time a backend makes a request (undici-entry.ts says which parts). */
const undici = {
  ...common,
  entryPoints: ['src/net/undici-entry.ts'],
  outfile: 'dist/undici.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
};

/** The SDK, loaded the first time a Claude connection is used (sdk-entry.ts says which parts). */
const claudeSdk = {
  ...common,
  entryPoints: ['src/backends/claude/sdk-entry.ts'],
  outfile: 'dist/claude-sdk.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
};

const webview = {
  ...common,
  entryPoints: ['media/src/main.ts'],
  outfile: 'dist/webview.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

/** Test probes of the webview: built for development and tests, never for a release (and never packaged). */
const webviewProbes = {
  ...common,
  entryPoints: ['media/src/probes.ts'],
  outfile: 'dist/webview-probes.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

function copyCodicons() {
  // The webview loads codicons from the extension's own files (CSP allows only webview.cspSource).
  mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);
  }
}

/** Every .ts file below `dir` (Node 20 has no fs.glob). */
function typeScriptFilesIn(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

function testBuildOptions() {
  const entryPoints = ['src', 'sandbox', 'test'].flatMap(typeScriptFilesIn);
  return {
    entryPoints,
    outdir: 'out',
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  };
}

const configs = production
  ? [extension, undici, claudeSdk, webview]
  : [extension, undici, claudeSdk, webview, webviewProbes];
if (tests) configs.push(testBuildOptions());

copyCodicons();
if (watch) {
  for (const config of configs) await (await esbuild.context(config)).watch();
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
}
