// What `npm start -- …` accepts, and the VS Code profile it keeps between starts.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './paths.mjs';

/** Where `npm start` keeps the host's profile (user data, extensions, workspace folder). Git-ignored. */
export const startProfileDir = join(repoRoot, '.vscode-test', 'profile');

export const START_USAGE = `npm start [-- --fresh] [-- --verbose]
  --fresh    start VS Code from a clean profile (forget sign-ins, layout and settings of earlier starts)
  --verbose  print every request the sandbox answers (by default only run state changes)`;

/** Parses `npm start`'s own flags; throws with the usage on anything else. */
export function parseStartArgs(argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { fresh: { type: 'boolean' }, verbose: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    return { fresh: values.fresh === true, verbose: values.verbose === true };
  } catch (error) {
    throw new Error(`${error.message}\nUsage: ${START_USAGE}`);
  }
}

/** The kept profile, emptied first when `fresh`. Returns the directory. */
export function prepareProfile(dir, { fresh }) {
  if (fresh) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
