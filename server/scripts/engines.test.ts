import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm ci` on the Node this project supports prints no EBADENGINE warning (issue 13, item 7): a
 * dependency that wants a newer Node is a newcomer's first sight of the project. npm's own check,
 * on a copy of the manifest and lock file (a dry run: nothing is installed).
 */
test('npm ci installs every locked package without an engine warning on this Node', () => {
  const root = path.resolve(__dirname, '..', '..');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'techgigs-engines-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(root, file), path.join(scratch, file));
    const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(0);
    const warnings = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('EBADENGINE'));
    expect(warnings).toEqual([]);
    // The range in `engines` is one this Node is in (the warnings above are checked against it).
    expect(run.stderr).not.toMatch(/Unsupported engine/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}, 150_000);
