// The seam holds: only a backend's own folder knows its wire format. This reads every import of the extension's and
// the webview's sources and fails on one that reaches into src/backends/<kind>/ from outside that folder (the
// registry, which makes the backends, is the one exception).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '../../..');
const backendsDir = join(root, 'src', 'backends');
const REGISTRY = join(backendsDir, 'registry.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

/** Every relative module a file imports, re-exports, requires or imports dynamically, resolved to a path. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+['"](\.[^'"]+)['"]/g,
    /\bimport\s+['"](\.[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"](\.[^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns)
    for (const match of text.matchAll(pattern)) found.push(resolve(dirname(file), match[1] as string));
  return found;
}

/** The backend folder (src/backends/<kind>) a path is in, if any. */
function backendFolderOf(path: string): string | undefined {
  const rel = relative(backendsDir, path);
  if (rel.startsWith('..')) return undefined;
  const [kind, ...rest] = rel.split(sep);
  return rest.length > 0 ? join(backendsDir, kind as string) : undefined;
}

export function violations(files: { file: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    if (file === REGISTRY) continue;
    const own = backendFolderOf(file);
    for (const target of importsOf(file, text)) {
      const folder = backendFolderOf(target);
      if (folder && folder !== own) out.push(`${relative(root, file)} imports ${relative(root, target)}`);
    }
  }
  return out;
}

describe('architecture: nothing outside a backend folder imports from inside it', () => {
  it('holds for every source file of the extension and the webview', () => {
    const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'media', 'src'))].map(
      (file) => ({
        file,
        text: readFileSync(file, 'utf8'),
      }),
    );
    assert.ok(files.length > 50, `read ${files.length} files`);
    assert.deepEqual(violations(files), []);
  });

  it('would catch a view, a panel or another backend reaching in (and lets the registry and the folder itself)', () => {
    const at = (...parts: string[]) => join(root, ...parts);
    const files = [
      { file: at('src', 'providers', 'x.ts'), text: "import type { Run } from '../backends/agentos/wire';" },
      { file: at('src', 'panel', 'y.ts'), text: "const m = require('../backends/agentos/client');" },
      { file: at('src', 'backends', 'claude', 'z.ts'), text: "export { a } from '../agentos/follow';" },
      { file: at('src', 'backends', 'agentos', 'ok.ts'), text: "import { b } from './wire';" },
      { file: REGISTRY, text: "import { AgentOsBackend } from './agentos/backend';" },
      { file: at('src', 'providers', 'fine.ts'), text: "import type { Backend } from '../backends/types';" },
    ];
    assert.deepEqual(violations(files), [
      'src/providers/x.ts imports src/backends/agentos/wire',
      'src/panel/y.ts imports src/backends/agentos/client',
      'src/backends/claude/z.ts imports src/backends/agentos/follow',
    ]);
  });
});

describe('architecture: the layers below the views never import vscode', () => {
  // They are unit-tested in plain Node, and the Managed Agents backend reuses them; a `vscode` import would tie
  // them to the extension host.
  const PURE = ['state', 'backends', 'stream', 'net', 'util'];

  it('holds for src/state, src/backends, src/stream, src/net and src/util', () => {
    const offenders: string[] = [];
    for (const dir of PURE)
      for (const file of sourceFiles(join(root, 'src', dir)))
        if (/\bfrom\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(readFileSync(file, 'utf8')))
          offenders.push(relative(root, file));
    assert.deepEqual(offenders, []);
  });
});
