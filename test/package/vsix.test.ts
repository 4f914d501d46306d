// The packaged .vsix (built by `npm run package` just before this runs) ships the bundle, media and docs —
// and no source, test or source-map file.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';

const vsixPath = join(__dirname, '..', '..', 'dist', 'agentos-vscode.vsix');

function entriesOf(zipPath: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError || !zip) return reject(openError);
      const entries = new Map<string, number>();
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('package: the .vsix file list', () => {
  let files: string[];
  before(async function () {
    if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run npm run package first`);
    files = [...(await entriesOf(vsixPath)).keys()];
  });

  it('holds the bundle, the webview script, codicons, icons and docs', () => {
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/webview.js',
      'extension/dist/codicons/codicon.css',
      'extension/dist/codicons/codicon.ttf',
      'extension/media/agentos.svg',
      'extension/media/icon.png',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(
        files.some((file) => file.toLowerCase() === required.toLowerCase()),
        `${required} missing from ${files.join(', ')}`,
      );
    }
  });

  it('holds no source, test, map or dependency files', () => {
    const unwanted = files.filter((file) =>
      /(\.ts$|\.map$|^extension\/(src|test|sandbox|bench|scripts|node_modules|out|\.vscode-test)\/)/.test(
        file,
      ),
    );
    assert.deepEqual(unwanted, []);
  });
});
