import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { wellFormed } from '../../db/json-param.js';
import type { Ctx } from '../context.js';
import { auditEvents } from './audit.table.js';

export const GENESIS = '0'.repeat(64);

export interface AuditInput {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgId?: number | null;
  before?: unknown;
  after?: unknown;
}

interface HashedFields {
  at: string;
  actorId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/** JSON with object keys sorted at every level, so the hash survives a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function eventHash(prevHash: string, e: HashedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...e, at: new Date(e.at).toISOString() }))
    .digest('hex');
}

/** Fields never written to the audit log in clear. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'phone', 'csrfToken']);

const byKey = (a: [number, string], b: [number, string]) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** How an object with a given key list is written: its keys in sorted order, each as `"key":`, and masked or not. */
interface Shape {
  keys: string[];
  order: number[];
  prefixes: string[];
  secret: boolean[];
}

// A bulk append writes thousands of objects with the same few key lists (a person record, its nested values):
// sorting and quoting their keys once per list, not once per object, is most of scrubbedJson's time.
const shapes: Shape[] = [];
const MAX_SHAPES = 32;

function shapeOf(keys: string[]): Shape {
  for (const shape of shapes) {
    const known = shape.keys;
    if (known.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = known[i] === keys[i];
    if (same) return shape;
  }
  const sorted = keys.map((k, i): [number, string] => [i, wellFormed(k)]).sort(byKey);
  const shape: Shape = {
    keys,
    order: sorted.map(([i]) => i),
    prefixes: sorted.map(([, k]) => `${JSON.stringify(k)}:`),
    secret: sorted.map(([i]) => SECRET_KEYS.has(keys[i])),
  };
  if (shapes.length >= MAX_SHAPES) shapes.shift();
  shapes.push(shape);
  return shape;
}

// the same Date (a bulk insert's now()) is written twice an event: its text once
let lastTime = NaN;
let lastTimeJson = '';

/**
 * The canonical JSON (see canonicalJson) of a before/after value as the log stores it, in one pass: JSON's own
 * rules (toJSON, undefined and functions dropped, non-finite numbers null), secrets masked, text made well-formed
 * (jsonb stores a lone surrogate as U+FFFD, see jsonParam). The same text is hashed and sent to the database,
 * so an event is serialised once. undefined: nothing to write (an object member is then left out).
 */
function scrubbedJson(value: unknown, key = ''): string | undefined {
  let v = value;
  if (typeof v === 'string') return JSON.stringify(wellFormed(v));
  if (v instanceof Date && v.toJSON === Date.prototype.toJSON) {
    const t = v.getTime();
    if (t !== lastTime) {
      lastTimeJson = scrubbedJson(v.toJSON()) ?? 'null';
      lastTime = t;
    }
    return lastTimeJson;
  }
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  switch (typeof v) {
    case 'string':
      return JSON.stringify(wellFormed(v));
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(v); // throws, as JSON.stringify does
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += `${i ? ',' : ''}${scrubbedJson(v[i], String(i)) ?? 'null'}`;
        return `${out}]`;
      }
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      const shape = shapeOf(keys);
      let out = '{';
      for (let j = 0; j < keys.length; j++) {
        const k = keys[shape.order[j]];
        let text = scrubbedJson(obj[k], k);
        if (text === undefined) continue;
        if (shape.secret[j] && text !== 'null') text = '"***"';
        out += `${out.length > 1 ? ',' : ''}${shape.prefixes[j]}${text}`;
      }
      return `${out}}`;
    }
    default:
      return undefined;
  }
}

/** JSON text of a string, remembering the last one: an append's events mostly share their action and type. */
function lastJson(): (text: string) => string {
  let last: string | undefined;
  let json = '';
  return (text) => {
    if (text !== last) {
      json = JSON.stringify(wellFormed(text));
      last = text;
    }
    return json;
  };
}

/** Events appended to the chain; ids follow the append order, which is the chain's order. */
export interface AuditChain {
  /** Hashes the events now and sends them; the insert may still run while the caller goes on. */
  append(inputs: AuditInput[]): Promise<void>;
  /** Waits for every insert sent; call before the transaction commits. */
  done(): Promise<void>;
}

// 1,000 events (about 600 kB) sort by ordinality within the default work_mem; 5,000 spilled to a temp file
const CHUNK = 1000;
// Audit inserts sent and not yet done. One: node-postgres (8.x) warns, and 9.0 will refuse, a query sent while
// another waits in its queue, and a bulk caller may have one of its own in flight (people's next batch).
const IN_FLIGHT = 1;

/**
 * Takes the chain's lock inside the caller's transaction (released when it ends: the advisory lock orders
 * concurrent writers so the chain stays linear) and reads its head once, for any number of appends.
 * Each append sends its events without awaiting the insert, so hashing the next chunk in node overlaps the
 * database writing the earlier ones (a bulk import's two halves, on two cores).
 */
export async function openAuditChain(tx: Executor, ctx: Ctx): Promise<AuditChain> {
  await tx.execute(sql`select pg_advisory_xact_lock(715001)`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const actorId = ctx.actor.userId || null;
  const actorName = wellFormed(ctx.actor.displayName);
  const requestId = ctx.requestId == null ? null : wellFormed(ctx.requestId);
  const ip = ctx.ip == null ? null : wellFormed(ctx.ip);
  const j = JSON.stringify;
  // The hashed text of an event is canonicalJson of its HashedFields (keys in sorted order: action, actorId,
  // actorName, after, at, before, entityId, entityType, ip, orgId, requestId): the fixed parts written once.
  const actorPart = `,"actorId":${j(actorId)},"actorName":${j(actorName)},"after":`;
  const atPart = `,"at":${j(at)},"before":`;
  const ipPart = `,"ip":${j(ip)},"orgId":`;
  const endPart = `,"requestId":${j(requestId)}}`;
  const actionJson = lastJson();
  const typeJson = lastJson();
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const send = async (json: string) => {
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    if (failure) throw failure.error;
    // drizzle runs a query when it is awaited: then() starts it; the catch keeps a failure for the next send
    inFlight.push(
      tx
        .execute(
          sql`
            insert into ${auditEvents} (at, actor_id, actor_name, action, entity_type, entity_id, org_id, before,
              after, request_id, ip, prev_hash, hash)
            select ${at}::timestamptz, ${actorId}::int, ${actorName}, v->>0, v->>1, v->>2, (v->>3)::int,
              nullif(v->4, 'null'::jsonb), nullif(v->5, 'null'::jsonb), ${requestId}, ${ip}, v->>6, v->>7
            from jsonb_array_elements(${json}::jsonb) with ordinality as e(v, n)
            order by n`,
        )
        .then(
          () => undefined,
          (error: unknown) => {
            failure ??= { error };
          },
        ),
    );
  };
  return {
    async append(inputs) {
      for (let i = 0; i < inputs.length; i += CHUNK) {
        // Rows as one JSON parameter, positional: only what varies per event (a multi-row VALUES costs 14 bind
        // parameters an event to build and to parse; the whole event as an object repeats the constant fields).
        const rows: string[] = [];
        const end = Math.min(i + CHUNK, inputs.length);
        for (let k = i; k < end; k++) {
          const input = inputs[k];
          const action = actionJson(input.action);
          const entityType = typeJson(input.entityType);
          const entityId = input.entityId == null ? 'null' : j(wellFormed(String(input.entityId)));
          const orgId = j(input.orgId ?? null);
          const before = (input.before == null ? undefined : scrubbedJson(input.before)) ?? 'null';
          const after = (input.after == null ? undefined : scrubbedJson(input.after)) ?? 'null';
          const text =
            `{"action":${action}${actorPart}${after}${atPart}${before},"entityId":${entityId},` +
            `"entityType":${entityType}${ipPart}${orgId}${endPart}`;
          const hash = createHash('sha256').update(prevHash).update(text).digest('hex');
          rows.push(
            `[${action},${entityType},${entityId},${orgId},${before},${after},"${prevHash}","${hash}"]`,
          );
          prevHash = hash;
        }
        // one flat string (join), not a rope of += pieces that the driver must flatten to measure and copy
        await send(`[${rows.join(',')}]`);
      }
    },
    async done() {
      while (inFlight.length > 0) await inFlight.shift();
      if (failure) throw failure.error;
    },
  };
}

/** Appends one event inside the caller's transaction (see openAuditChain). */
export async function recordAudit(tx: Executor, ctx: Ctx, input: AuditInput): Promise<void> {
  await recordAudits(tx, ctx, [input]);
}

/** Appends several events in order with one lock, one read of the chain's head and multi-row inserts. */
export async function recordAudits(tx: Executor, ctx: Ctx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const chain = await openAuditChain(tx, ctx);
  await chain.append(inputs);
  await chain.done();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  reason?: string;
}

/** Walks the whole chain in id order, in batches, recomputing every hash. */
export async function verifyAuditChain(db: Executor): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, lastId))
      .orderBy(asc(auditEvents.id))
      .limit(2000);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: r.id, reason: 'prev_hash mismatch' };
      const h = eventHash(prev, {
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        orgId: r.orgId,
        before: r.before,
        after: r.after,
        requestId: r.requestId,
        ip: r.ip,
      });
      if (h !== r.hash) return { ok: false, checked, brokenAt: r.id, reason: 'hash mismatch' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
