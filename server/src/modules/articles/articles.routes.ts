import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app.js';
import { requireUser } from '../../platform/auth/plugin.js';
import { sendAttachment } from '../../platform/files.js';
import { ZIdParams } from '../../platform/schemas.js';
import { ZArticle, ZArticleList, ZArticleQuery, ZArticleUpdate, ZArticleWrite } from './articles.schemas.js';
import * as svc from './articles.service.js';

const tags = ['articles'];

export const articleRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const { db } = deps;
    app.get(
      '/api/v1/articles',
      { schema: { tags, querystring: ZArticleQuery, response: { 200: ZArticleList } } },
      async (req) => svc.listArticles(db, requireUser(req), req.query),
    );
    app.get(
      '/api/v1/articles/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZArticle } } },
      async (req) => svc.getArticle(db, requireUser(req), req.params.id),
    );
    app.post(
      '/api/v1/articles',
      { bodyLimit: 12 * 1024 * 1024, schema: { tags, body: ZArticleWrite, response: { 201: ZArticle } } },
      async (req, reply) => reply.status(201).send(await svc.createArticle(db, requireUser(req), req.body)),
    );
    app.patch(
      '/api/v1/articles/:id',
      {
        bodyLimit: 12 * 1024 * 1024,
        schema: { tags, params: ZIdParams, body: ZArticleUpdate, response: { 200: ZArticle } },
      },
      async (req) => svc.updateArticle(db, requireUser(req), req.params.id, req.body),
    );
    app.get(
      '/api/v1/article-files/:id',
      { schema: { tags, params: ZIdParams, description: 'a picture of an article the caller manages' } },
      async (req, reply) => {
        const f = await svc.articleImage(db, requireUser(req), req.params.id);
        const fileName = `article-picture-${req.params.id}.${f.mime.slice(6).replace('jpeg', 'jpg')}`;
        return sendAttachment(reply, { fileName, asciiName: fileName, contentType: f.mime, data: f.data });
      },
    );
  };
