// The inputs of the build and their hash, recorded in kg/ui_static/build-info.json: a Python test
// recomputes it from the checked-in sources (tests/test_ui_browser.py), so a change to ui/ that was
// not rebuilt fails the suite. The listing is sha256sum's format, one line per file in path order,
// and the hash is the SHA-256 of that listing:  (cd ui && sha256sum $(list) | sha256sum)

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const TOP_LEVEL_INPUTS = ['build.mjs', 'index.html', 'package-lock.json', 'package.json', 'source-hash.mjs'];
export const INPUT_DIRS = ['src'];

function walk(root, dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(root, rel) : entry.isFile() ? [rel] : [];
  });
}

export function buildInputs(root) {
  const files = [...TOP_LEVEL_INPUTS, ...INPUT_DIRS.flatMap((dir) => walk(root, dir))];
  const sorted = files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));   // by code unit, as Python sorts
  const digests = Object.fromEntries(sorted.map((file) => [file, createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest('hex')]));
  const listing = sorted.map((file) => `${digests[file]}  ${file}\n`).join('');
  return { files: digests, sha256: createHash('sha256').update(listing).digest('hex') };
}
