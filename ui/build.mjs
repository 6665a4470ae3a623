// The one build: `npm ci && npm run build` writes the dashboard into ../kg/ui_static (committed, and
// shipped in the wheel): index.html, assets/ (hashed file names), THIRD_PARTY_LICENSES.txt and
// build-info.json. The same sources and lock file give the same bytes.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

import { buildInputs } from './source-hash.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'kg', 'ui_static');
const assets = path.join(out, 'assets');
const read = (file) => fs.readFileSync(path.join(here, file), 'utf8');

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(assets, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.js', sparql: 'src/yasgui.css' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: assets,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file', '.gif': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file' },
  legalComments: 'eof',
  charset: 'utf8',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  metafile: true,
  logLevel: 'warning',
});

// ---- index.html: the template with the hashed names -----------------------------------------------
const outputs = Object.entries(result.metafile.outputs);
const named = (entry, ext) => {
  const found = outputs.find(([file, info]) => info.entryPoint === entry && file.endsWith(ext));
  if (!found) throw new Error(`no ${ext} output for ${entry}`);
  return path.basename(found[0]);
};
const mainJs = outputs.find(([, info]) => info.entryPoint === 'src/main.js')[1];
const names = {
  'main.js': named('src/main.js', '.js'),
  'main.css': path.basename(mainJs.cssBundle),
  'sparql.css': named('src/yasgui.css', '.css'),
};
const html = read('index.html').replace(/\{\{([a-z.]+)\}\}/g, (_, key) => {
  if (!(key in names)) throw new Error(`index.html: unknown placeholder ${key}`);
  return names[key];
});
fs.writeFileSync(path.join(out, 'index.html'), html);

// ---- THIRD_PARTY_LICENSES.txt ----------------------------------------------------------------------
// Every runtime package of the lock file: those bundled here, and those the prebuilt YASGUI file was
// built from (it inlines its dependencies, so its licence notices are theirs too).
const lock = JSON.parse(read('package-lock.json'));
const MIT = read('src/licenses/MIT.txt');
const sections = [];
for (const [where, info] of Object.entries(lock.packages).sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (!where || info.dev) continue;
  const root = path.join(here, where);
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const license = pkg.license || (pkg.licenses || []).map((l) => l.type || l).join(' OR ') || 'see the text below';
  const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
  const files = fs.readdirSync(root).filter((f) => /^(licen[cs]e|copying|notice)/i.test(f)).sort();
  let text = files.map((f) => fs.readFileSync(path.join(root, f), 'utf8').trim()).join('\n\n');
  if (!text) {
    text = `(The npm package ships no licence file; its package.json declares ${license}${author ? `, author ${author}` : ''}.)`;
    if (license === 'MIT') text += `\n\n${MIT.replace('<copyright holders>', author || pkg.name).trim()}`;
  }
  const home = pkg.homepage || (typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url) || '';
  sections.push([`${pkg.name} ${pkg.version}`, `License: ${license}`, home && `Home: ${home}`, '', text].filter((l) => l !== false && l !== null).join('\n'));
}
const rule = '-'.repeat(78);
fs.writeFileSync(path.join(out, 'THIRD_PARTY_LICENSES.txt'),
  'Third-party software bundled into the kg dashboard (kg/ui_static), with its licences.\n'
  + 'Built from ui/package-lock.json; the minified files also keep the libraries\' own licence comments.\n\n'
  + sections.map((s) => `${rule}\n${s}\n`).join('\n'));

// ---- build-info.json ---------------------------------------------------------------------------------
const sizes = Object.fromEntries(fs.readdirSync(assets).sort().map((f) => [f, fs.statSync(path.join(assets, f)).size]));
const info = {
  note: 'Built by `npm ci && npm run build` in ui/. sources.sha256 is checked against ui/ by the test suite.',
  sources: buildInputs(here),
  esbuild: esbuild.version,
  assets: sizes,
  index_sha256: createHash('sha256').update(html).digest('hex'),
};
fs.writeFileSync(path.join(out, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);

const total = Object.values(sizes).reduce((a, b) => a + b, 0);
console.log(`kg/ui_static: ${Object.keys(sizes).length} assets, ${(total / 1024).toFixed(0)} KiB`);
for (const [file, size] of Object.entries(sizes)) console.log(`  ${file.padEnd(40)} ${(size / 1024).toFixed(1).padStart(8)} KiB`);
