import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app.js';
import { coalescerOf } from '../../platform/coalesce.js';
import { AppError, notFound } from '../../platform/errors.js';
import { readUpload } from '../../platform/files.js';
import { maskText } from '../../platform/masking.js';
import { PowChallenges } from '../../platform/pow.js';
import { SharedRateLimiter, sweepRateCounters } from '../../platform/rate-limit.js';
import { listOf, offset, ZIdParams, ZPageQuery } from '../../platform/schemas.js';
import { publicArticle, publicArticles } from '../articles/articles.service.js';
import { ZArticle, ZArticleList, ZArticleQuery } from '../articles/articles.schemas.js';
import { ZDeed, ZDeedList, ZDeedRate } from '../deeds/deeds.schemas.js';
import { publicDeedById, publicDeeds, rateDeed } from '../deeds/deeds.service.js';
import { publicCountsOf } from '../dashboard/dashboard.service.js';
import { dispatchRoot } from '../opinions/opinions.repo.js';
import { MAX_PICTURE_BYTES, MAX_PICTURES, sha256 } from '../opinions/opinions.rules.js';
import { addOpinionPicture } from '../opinions/opinions.pictures.js';
import {
  ZChallenge,
  ZCodeParams,
  ZOpinionSubmit,
  ZOpinionTrack,
  ZPublicOpinion,
  ZRate,
  ZSubmitted,
} from '../opinions/opinions.schemas.js';
import { publicUnits } from '../opinions/opinions.stats.js';
import { rateOpinion, submitOpinion, trackOpinion, type PublicGuards } from '../opinions/opinions.submit.js';
import { opinions, publicFiles } from '../opinions/opinions.table.js';
import { orgs } from '../orgs/orgs.table.js';
import { publishedProblems } from './public.problems.js';
import { ZPublicPage, ZPublicProblemList, ZPublicStats, ZPublicUnit, ZUnitQuery } from './public.schemas.js';

const tags = ['public'];

/**
 * The portal's API: no login, its own presenters, only published fields, free text masked. Every write is
 * guarded by the proof of work or a device key, and by per-address limits that answer 429 in Chinese.
 */
export const publicRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, config } = deps;
    // the lists and statistics tolerate replication lag: a read replica when DATABASE_READ_URL is set
    const read = deps.database.read;
    const cfg = config.publicSide;
    const guards: PublicGuards = {
      pow: new PowChallenges(() => cfg.powBits),
      perIp: new SharedRateLimiter('ip', cfg.perIp, cfg.windowMs),
      perPhone: new SharedRateLimiter('phone', cfg.perPhone, cfg.windowMs),
      cfg,
    };
    // Every limit lives in the database, so several app instances on one database enforce the same numbers.
    const challengeLimiter = new SharedRateLimiter('read', Math.max(120, cfg.perIp * 4), 60_000);
    const deedLimiter = new SharedRateLimiter('deed', 60, cfg.windowMs);
    const pictureLimiter = new SharedRateLimiter('picture', cfg.perIp * MAX_PICTURES, cfg.windowMs);
    const ipKey = (ip: string) => sha256(`ip:${ip}`);
    const busy = () => new AppError('PUBLIC_RATE_LIMITED', 429, { minutes: 1 });

    app.get('/api/v1/public/challenge', { schema: { tags, response: { 200: ZChallenge } } }, async (req) => {
      if (!(await challengeLimiter.take(db, ipKey(req.ip)))) throw busy();
      if (Math.random() < 0.01) await Promise.all([guards.pow.sweep(db), sweepRateCounters(db)]);
      return guards.pow.issue(db);
    });
    app.post(
      '/api/v1/public/opinions',
      { bodyLimit: 6 * 1024 * 1024, schema: { tags, body: ZOpinionSubmit, response: { 201: ZSubmitted } } },
      async (req, reply) => reply.status(201).send(await submitOpinion(db, guards, req.body, req.ip)),
    );
    app.post(
      '/api/v1/public/opinions/:code/pictures',
      {
        schema: {
          tags,
          params: ZCodeParams,
          consumes: ['multipart/form-data'],
          description: `multipart field \`file\`: one JPEG, PNG or WebP picture (by content), at most ${MAX_PICTURE_BYTES / 1024 / 1024} MB; up to ${MAX_PICTURES} per opinion, within 30 minutes of submitting`,
          response: { 201: z.object({ pictures: z.number() }) },
        },
      },
      async (req, reply) => {
        const { data } = await readUpload(req, 'file', '请选择要上传的图片');
        const added = await addOpinionPicture(db, pictureLimiter, req.params.code, data, req.ip);
        return reply.status(201).send(added);
      },
    );
    app.get(
      '/api/v1/public/opinions/:code',
      { schema: { tags, params: ZCodeParams, response: { 200: ZOpinionTrack } } },
      async (req) => {
        // Codes are unguessable; the limit keeps anyone from trying.
        if (!(await challengeLimiter.take(db, `track:${ipKey(req.ip)}`))) throw busy();
        return trackOpinion(db, req.params.code);
      },
    );
    app.post(
      '/api/v1/public/opinions/:code/rate',
      {
        schema: { tags, params: ZCodeParams, body: ZRate, response: { 200: z.object({ ok: z.boolean() }) } },
      },
      async (req) => {
        await rateOpinion(db, guards, req.params.code, req.body, req.ip);
        return { ok: true };
      },
    );
    app.get(
      '/api/v1/public/opinions',
      { schema: { tags, querystring: ZPageQuery, response: { 200: listOf(ZPublicOpinion) } } },
      async (req) => {
        const where = and(eq(opinions.answerPublished, true), eq(opinions.hidden, false));
        const [{ total }] = await read
          .select({ total: sql<number>`count(*)::int` })
          .from(opinions)
          .where(where);
        const list = await read
          .select({ o: opinions, unitName: orgs.name })
          .from(opinions)
          .leftJoin(orgs, eq(orgs.id, opinions.orgId))
          .where(where)
          .orderBy(sql`${opinions.answeredAt} desc nulls last`)
          .limit(req.query.pageSize)
          .offset(offset(req.query));
        return {
          total,
          items: list.map(({ o, unitName }) => ({
            category: o.category,
            unitName,
            text: maskText(o.text, [o.submitterName]),
            answer: o.answer ? maskText(o.answer, [o.submitterName]) : null,
            submittedAt: o.submittedAt.toISOString(),
            answeredAt: o.answeredAt?.toISOString() ?? null,
            rating: o.rating,
          })),
        };
      },
    );
    app.get(
      '/api/v1/public/units',
      { schema: { tags, querystring: ZUnitQuery, response: { 200: z.array(ZPublicUnit) } } },
      async (req) => {
        const base = read
          .select({ id: orgs.id, name: orgs.name, parentId: orgs.parentId })
          .from(orgs)
          .orderBy(asc(orgs.depth), asc(orgs.sortOrder), asc(orgs.id))
          .limit(50);
        if (req.query.q) {
          const q = req.query.q.replace(/[%_\\]/g, '\\$&');
          return base.where(and(eq(orgs.active, true), ilike(orgs.name, `%${q}%`)));
        }
        if (req.query.parentId)
          return base.where(and(eq(orgs.active, true), eq(orgs.parentId, req.query.parentId)));
        const root = await dispatchRoot(read);
        if (!root) return [];
        return base.where(
          and(eq(orgs.active, true), sql`(${orgs.id} = ${root.id} or ${orgs.parentId} = ${root.id})`),
        );
      },
    );
    app.get(
      '/api/v1/public/problems',
      { schema: { tags, querystring: ZPublicPage, response: { 200: ZPublicProblemList } } },
      async (req) => publishedProblems(read, req.query),
    );
    app.get(
      '/api/v1/public/deeds',
      { schema: { tags, querystring: ZPublicPage, response: { 200: ZDeedList } } },
      async (req) => publicDeeds(read, req.query),
    );
    app.get(
      '/api/v1/public/deeds/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZDeed } } },
      async (req) => publicDeedById(db, req.params.id),
    );
    app.post(
      '/api/v1/public/deeds/:id/rate',
      { schema: { tags, params: ZIdParams, body: ZDeedRate, response: { 200: ZDeed } } },
      async (req) => {
        if (!(await deedLimiter.take(db, ipKey(req.ip)))) throw busy();
        return rateDeed(db, req.params.id, { rating: req.body.rating, deviceKey: sha256(req.body.deviceId) });
      },
    );
    app.get(
      '/api/v1/public/articles',
      { schema: { tags, querystring: ZArticleQuery, response: { 200: ZArticleList } } },
      async (req) => publicArticles(read, req.query),
    );
    app.get(
      '/api/v1/public/articles/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZArticle } } },
      async (req) => publicArticle(db, req.params.id),
    );
    app.get('/api/v1/public/files/:id', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
      // Only pictures of published articles and of deeds; an opinion's pictures never leave the staff side.
      const [f] = await db
        .select()
        .from(publicFiles)
        .where(
          and(
            eq(publicFiles.id, req.params.id),
            sql`(${publicFiles.ownerType} = 'deed' or (${publicFiles.ownerType} = 'article' and exists (
              select 1 from articles a where a.id = ${publicFiles.ownerId} and a.published)))`,
          ),
        );
      if (!f) throw notFound();
      return reply
        .type(f.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=3600')
        .send(f.data);
    });
    app.get(
      '/api/v1/public/stats',
      {
        schema: {
          tags,
          querystring: z.object({ parentId: ZIdParams.shape.id.optional() }),
          response: { 200: z.array(ZPublicStats) },
        },
      },
      async (req) => {
        // every figure from the roll-up counters: two statements, shared by concurrent identical requests
        // (platform/coalesce.ts: never an answer from before the request)
        const { units, c } = await coalescerOf(read).run(
          `public.stats:${req.query.parentId ?? ''}`,
          async () => {
            const units = await publicUnits(read, req.query.parentId);
            const ids = units.map((u) => u.id);
            return { units, c: await publicCountsOf(read, ids, cfg.toleranceHours) };
          },
        );
        return units.map((u) => {
          const [o, p, d] = [c.opinions.get(u.id)!, c.problems.get(u.id)!, c.deeds.get(u.id)!];
          return {
            orgId: u.id,
            orgName: u.name,
            publishedItems: p.published,
            signedOff: p.signedOff,
            opinionsReceived: o.received,
            responseRate: o.responseRate,
            resolutionRate: o.resolutionRate,
            satisfactionRate: o.satisfactionRate,
            deeds: d.deeds,
            deedProgress: d.progress,
          };
        });
      },
    );
  };
