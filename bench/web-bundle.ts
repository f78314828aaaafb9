/**
 * npm run bench:web (after npm run build:web): the initial JavaScript gzipped — the entry chunk and
 * everything it imports statically, what the browser fetches before any page — against the 350 KB target,
 * and every page's own chunk: each `import('./pages/…')` in web/src/Root.tsx and web/src/nav.tsx must be a
 * dynamic entry of its own that the initial set does not contain, so its code is fetched when it is first
 * visited. Reads Vite's manifest (dist/web/.vite/manifest.json). Exit status 1 when either check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist/web');
const TARGET_KB = 350;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface WebBundle {
  initialFiles: string[];
  initialRawKb: number;
  initialGzipKb: number;
  targetKb: number;
  pages: { page: string; file: string; gzipKb: number }[];
  problems: string[];
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

export function measureWebBundle(): WebBundle {
  const manifestPath = path.join(dist, '.vite/manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} missing: run npm run build:web first`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  const initial = new Set<string>();
  const visit = (key: string) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const k of manifest[key]?.imports ?? []) visit(k);
  };
  for (const [key] of entries) visit(key);
  const initialFiles = [...initial].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const problems: string[] = [];

  // every page the router imports lazily
  const sources = ['web/src/Root.tsx', 'web/src/nav.tsx'].map((f) =>
    fs.readFileSync(path.join(root, f), 'utf8'),
  );
  const pageImports = [
    ...new Set(sources.flatMap((s) => [...s.matchAll(/import\('\.\/(pages\/[^']+)'\)/g)]).map((m) => m[1])),
  ];
  const pages: WebBundle['pages'] = [];
  for (const p of pageImports) {
    const key = Object.keys(manifest).find((k) => k === `src/${p}.tsx` || k === `src/${p}/index.tsx`);
    if (!key) {
      problems.push(`${p}: no chunk of its own in the manifest`);
      continue;
    }
    const c = manifest[key];
    if (!c.isDynamicEntry) problems.push(`${p}: not a dynamic entry`);
    if (initial.has(key)) problems.push(`${p}: inside the initial JavaScript`);
    pages.push({ page: p, file: c.file, gzipKb: kb(gz(c.file)) });
  }
  const initialGzip = initialFiles.reduce((n, f) => n + gz(f), 0);
  const initialRaw = initialFiles.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
  if (kb(initialGzip) > TARGET_KB)
    problems.push(`initial JavaScript ${kb(initialGzip)} KB gzipped > ${TARGET_KB} KB`);
  // the index.html must reference exactly the initial set (entry + modulepreloads), nothing lazy
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  for (const m of html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g))
    if (!initialFiles.includes(m[1])) problems.push(`index.html loads ${m[1]}, not in the initial set`);
  return {
    initialFiles,
    initialRawKb: kb(initialRaw),
    initialGzipKb: kb(initialGzip),
    targetKb: TARGET_KB,
    pages,
    problems,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const b = measureWebBundle();
  console.log(
    `initial JavaScript: ${b.initialFiles.length} files, ${b.initialRawKb} KB raw, ` +
      `${b.initialGzipKb} KB gzipped (target ≤ ${b.targetKb} KB)`,
  );
  for (const f of b.initialFiles) console.log(`  ${f}  ${kb(gz(f))} KB gz`);
  console.log(`${b.pages.length} lazily loaded pages:`);
  for (const p of b.pages) console.log(`  ${p.page.padEnd(28)} ${p.file}  ${p.gzipKb} KB gz`);
  console.log(
    b.problems.length
      ? `PROBLEMS: ${b.problems.join('; ')}`
      : 'every page is its own chunk, fetched on first visit: ok',
  );
  if (b.problems.length) process.exitCode = 1;
}
