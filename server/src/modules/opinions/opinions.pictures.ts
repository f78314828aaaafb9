import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { now } from '../../platform/clock.js';
import { systemCtx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sniffImage } from '../../platform/files.js';
import type { SharedRateLimiter } from '../../platform/rate-limit.js';
import { MAX_PICTURE_BYTES, MAX_PICTURES, normalizeCode, sha256 } from './opinions.rules.js';
import { opinions, publicFiles } from './opinions.table.js';

/** A citizen may add pictures to a new submission for this long after submitting it. */
export const PICTURE_WINDOW_MS = 30 * 60_000;

/**
 * A picture the public sent, checked by its content: not empty, at most MAX_PICTURE_BYTES, and JPEG, PNG or
 * WebP by its first bytes (the name and the declared type are not trusted). 4xx with a Chinese message.
 */
export function checkPicture(buf: Buffer, field: string) {
  if (buf.length === 0)
    throw new AppError('VALIDATION', 400, {}, [{ field, message: '图片内容为空或无法读取' }]);
  const mb = MAX_PICTURE_BYTES / 1024 / 1024;
  if (buf.length > MAX_PICTURE_BYTES)
    throw new AppError('PICTURE_TOO_LARGE', 413, { mb }, [{ field, message: `每张图片不能超过${mb}MB` }]);
  const mime = sniffImage(buf);
  if (!mime)
    throw new AppError('PICTURE_TYPE', 415, {}, [{ field, message: '只接受JPEG、PNG或WebP格式的图片' }]);
  return { buf, mime };
}

export async function storePicture(tx: Executor, opinionId: number, p: { buf: Buffer; mime: string }) {
  const [row] = await tx
    .insert(publicFiles)
    .values({ ownerType: 'opinion', ownerId: opinionId, mime: p.mime, size: p.buf.length, data: p.buf })
    .returning({ id: publicFiles.id });
  return row.id;
}

/**
 * Adds one picture (a multipart upload) to the opinion with this code: only while it is new (not yet signed
 * for) and within PICTURE_WINDOW_MS of submission, up to MAX_PICTURES in all. The code is the credential;
 * the picture is shown only to the dispatcher and the assigned unit.
 */
export async function addOpinionPicture(
  db: Db,
  limiter: SharedRateLimiter,
  rawCode: string,
  data: Buffer,
  ip: string,
) {
  const picture = checkPicture(data, 'file');
  const closed = () =>
    new AppError('PICTURE_CLOSED', 409, { minutes: PICTURE_WINDOW_MS / 60_000, max: MAX_PICTURES });
  return db.transaction(async (tx) => {
    if (!(await limiter.take(tx, sha256(`picture:${ip}`))))
      throw new AppError('PUBLIC_RATE_LIMITED', 429, { minutes: 60 });
    const [o] = await tx
      .select()
      .from(opinions)
      .where(eq(opinions.code, normalizeCode(rawCode)))
      .for('update');
    if (!o) throw notFound();
    if (!['submitted', 'routed'].includes(o.status)) throw closed();
    if (now().getTime() - o.submittedAt.getTime() > PICTURE_WINDOW_MS) throw closed();
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(publicFiles)
      .where(and(eq(publicFiles.ownerType, 'opinion'), eq(publicFiles.ownerId, o.id)));
    if (n >= MAX_PICTURES) throw closed();
    const id = await storePicture(tx, o.id, picture);
    await recordAudit(
      tx,
      { ...systemCtx('public'), ip },
      {
        action: 'opinion.picture',
        entityType: 'opinion',
        entityId: o.id,
        orgId: o.orgId ?? o.dispatchOrgId,
        after: { fileId: id, mime: picture.mime, size: data.length },
      },
    );
    return { pictures: n + 1 };
  });
}
