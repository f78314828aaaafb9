/**
 * npm run bench:data -- --scale small|city|province [--seed N] [--database-url URL] [--pglite-dir DIR]
 *   [--anchor YYYY-MM-DD] [--reset]
 * Loads a deterministic synthetic dataset into a migrated database (COPY on PostgreSQL, batched INSERTs on PGlite).
 */
import { parseArgs } from 'node:util';
import { bootstrap } from '../server/src/db/bootstrap.js';
import { openDatabase } from '../server/src/db/client.js';
import { migrate } from '../server/src/db/migrate.js';
import { isEmpty, loadDataset, reset } from './load.js';
import type { Scale } from './gen.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '42' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    anchor: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});
const scale = values.scale as Scale;
if (!['small', 'city', 'province'].includes(scale)) throw new Error(`unknown scale ${scale}`);
const url = values['database-url'] ?? process.env.DATABASE_URL;
const pgliteDir = values['pglite-dir'] ?? `./data/bench-${scale}`;
const anchor = Date.parse(values.anchor ?? new Date().toISOString().slice(0, 10));

const database = await openDatabase({ databaseUrl: url, pgliteDir });
try {
  await migrate(database);
  await bootstrap(database.db);
  if (!(await isEmpty(database.db))) {
    if (!values.reset)
      throw new Error('the database already has orgs: use a fresh database, or --reset to empty it');
    await reset(database.db);
  }
  console.log(`loading ${scale} (seed ${values.seed}) into ${url ? 'PostgreSQL' : `PGlite at ${pgliteDir}`}`);
  const t0 = performance.now();
  const report = await loadDataset(database, {
    scale,
    seed: Number(values.seed),
    anchor,
    copyUrl: url,
    log: (l) => console.log('  ' + l),
  });
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (report.missingTables.length)
    console.log(`not generated (no such table yet): ${report.missingTables.join(', ')}`);
  console.log(
    `users: bench_root (root), bench_district (org ${report.districtOrgId}); password in bench/load.ts`,
  );
} finally {
  await database.close();
}
