import { createHash, randomBytes } from 'node:crypto';

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
 * Salts live in this instance's memory: several instances behind a balancer need sticky sessions.
 */
export class PowChallenges {
  private readonly issued = new Map<string, number>();
  constructor(
    private readonly bits: () => number,
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 200_000,
  ) {}

  issue(): { salt: string; difficulty: number } {
    const at = Date.now();
    if (this.issued.size >= this.max) this.sweep(at);
    if (this.issued.size >= this.max) this.issued.delete(this.issued.keys().next().value as string);
    const salt = randomBytes(16).toString('hex');
    this.issued.set(salt, at + this.ttlMs);
    return { salt, difficulty: this.bits() };
  }

  /** True once per issued salt with a valid nonce; the salt is spent even when the nonce is wrong. */
  verify(salt: string, nonce: string): boolean {
    const expires = this.issued.get(salt);
    if (expires === undefined) return false;
    this.issued.delete(salt);
    if (expires < Date.now()) return false;
    return leadingZeroBits(powDigest(salt, nonce)) >= this.bits();
  }

  private sweep(at: number) {
    for (const [k, v] of this.issued) if (v < at) this.issued.delete(k);
  }
}
