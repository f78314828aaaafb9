import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { jsonParam } from '../../db/json-param.js';
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

function scrub(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // well-formed text before hashing: jsonb stores a lone surrogate as U+FFFD (see jsonParam)
  const plain: unknown = JSON.parse(jsonParam(value));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        out[k] = SECRET_KEYS.has(k) ? (x == null ? null : '***') : walk(x);
      return out;
    }
    return v;
  };
  return walk(plain);
}

/**
 * Appends one event inside the caller's transaction. The advisory lock orders concurrent writers so the
 * chain stays linear; it is released when the transaction ends.
 */
export async function recordAudit(tx: Executor, ctx: Ctx, input: AuditInput): Promise<void> {
  await recordAudits(tx, ctx, [input]);
}

/** Appends several events in order with one lock, one read of the chain's head and multi-row inserts. */
export async function recordAudits(tx: Executor, ctx: Ctx, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(715001)`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  let prevHash = last?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const rows = inputs.map((input) => {
    const fields: HashedFields = {
      at,
      actorId: ctx.actor.userId || null,
      actorName: ctx.actor.displayName,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId == null ? null : String(input.entityId),
      orgId: input.orgId ?? null,
      before: scrub(input.before),
      after: scrub(input.after),
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
    const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
    prevHash = row.hash;
    return row;
  });
  // ids follow the insert order, which is the chain's order. The rows travel as one JSON parameter: a
  // multi-row VALUES costs 14 bind parameters an event to build and to parse (most of an import's time).
  for (let i = 0; i < rows.length; i += 5000) {
    await tx.execute(sql`
      insert into ${auditEvents} (at, actor_id, actor_name, action, entity_type, entity_id, org_id, before,
        after, request_id, ip, prev_hash, hash)
      select (v->>'at')::timestamptz, (v->>'actorId')::int, v->>'actorName', v->>'action', v->>'entityType',
        v->>'entityId', (v->>'orgId')::int, nullif(v->'before', 'null'::jsonb), nullif(v->'after', 'null'::jsonb),
        v->>'requestId', v->>'ip', v->>'prevHash', v->>'hash'
      from jsonb_array_elements(${jsonParam(rows.slice(i, i + 5000))}::jsonb) with ordinality as e(v, n)
      order by n`);
  }
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
