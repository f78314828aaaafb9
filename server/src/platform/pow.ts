import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { powSalts } from './limits.table.js';

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powDigest(salt: string, nonce: string): Buffer {
  return createHash('sha256')
    .update(salt + nonce)
    .digest();
}

/** Finds a nonce (tests and scripts; the browser solves it with crypto.subtle). */
export function solvePow(salt: string, bits: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(powDigest(salt, String(n))) >= bits) return String(n);
}

/**
 * A proof of work that needs no outside service: the server hands out a random salt, the client finds a nonce
 * so that sha256(salt + nonce) starts with `bits` zero bits, and each salt is accepted once, within its lifetime.
 * Issued salts live in the database (table pow_salts), so a salt issued by one app instance is verified, and
 * spent, by whichever instance receives the submission; the delete that spends it is atomic, so two instances
 * cannot both accept it.
 */
export class PowChallenges {
  constructor(
    private readonly bits: () => number,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  async issue(db: Executor): Promise<{ salt: string; difficulty: number }> {
    const salt = randomBytes(16).toString('hex');
    await db.insert(powSalts).values({ salt, expiresAt: new Date(Date.now() + this.ttlMs) });
    return { salt, difficulty: this.bits() };
  }

  /** True once per issued salt with a valid nonce; the salt is spent even when the nonce is wrong. */
  async verify(db: Executor, salt: string, nonce: string): Promise<boolean> {
    const [spent] = await db
      .delete(powSalts)
      .where(eq(powSalts.salt, salt))
      .returning({ expiresAt: powSalts.expiresAt });
    if (!spent || spent.expiresAt.getTime() < Date.now()) return false;
    return leadingZeroBits(powDigest(salt, nonce)) >= this.bits();
  }

  /** Drops salts never used before they expired; call it now and then, outside a transaction. */
  async sweep(db: Executor): Promise<void> {
    await db.delete(powSalts).where(lt(powSalts.expiresAt, new Date()));
  }
}
