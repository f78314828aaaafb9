import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pgErrorCode } from '../db/query.js';
import { AppError, type FieldError } from './errors.js';
import { pickLocale, translate } from './i18n.js';

export const ZError = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  requestId: z.string().optional(),
});

/** Postgres error codes caused by what users send, mapped to a client error. */
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '23505': [409, 'DUPLICATE'],
  '23503': [400, 'VALIDATION'],
  '22P02': [400, 'VALIDATION'],
  '22003': [400, 'VALIDATION'],
  '22007': [400, 'VALIDATION'],
  '22008': [400, 'VALIDATION'],
  '22001': [400, 'VALIDATION'],
  '22021': [400, 'VALIDATION'],
  // a \u0000 in text that travels as jsonb (bulk parameters, the audit log): PostgreSQL text cannot hold NUL
  '22P05': [400, 'VALIDATION'],
  '54000': [400, 'VALIDATION'],
  // two requests changing the same rows in different orders (a deadlock) or a serialization failure, still
  // failing after the transaction's retries (db/client.ts): the other request won, this one may try again
  '40P01': [409, 'CONCURRENT'],
  '40001': [409, 'CONCURRENT'],
};

const MALFORMED_BODY =
  /unexpected end of (multipart data|form)|^Multipart: |^Malformed |^The needle cannot|^Unsupported content type/i;

function isMalformedBody(err: Error): boolean {
  return MALFORMED_BODY.test(err.message) || (err as { code?: unknown }).code === 'ECONNRESET';
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = pickLocale(req.headers['accept-language']);
    const send = (status: number, code: string, params: Record<string, unknown>, fields?: FieldError[]) =>
      reply.status(status).send({
        code,
        message: translate(code, locale, params),
        ...(fields && fields.length ? { fields } : {}),
        requestId: req.id,
      });

    if (err instanceof AppError) return send(err.status, err.code, err.params, err.fields);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (err.validationContext ?? 'body'),
        message: v.message ?? 'invalid',
      }));
      return send(400, 'VALIDATION', {}, fields);
    }
    const code = pgErrorCode(err);
    if (code && PG_CLIENT_ERRORS[code]) {
      const [status, appCode] = PG_CLIENT_ERRORS[code];
      req.log.info({ pg: code }, 'client error from database');
      return send(status, appCode, { what: '记录' });
    }
    // A malformed multipart body (busboy/@fastify/multipart throw plain errors without a status) is the
    // client's fault, as is a body stream the client cut short.
    const status = err.statusCode ?? (isMalformedBody(err) ? 400 : 500);
    if (status === 413) return send(413, 'PAYLOAD_TOO_LARGE', {});
    if (status === 415) return send(415, 'UNSUPPORTED_MEDIA', {});
    if (status === 429) return send(429, 'RATE_LIMITED', {});
    if (status >= 400 && status < 500) {
      return send(status, 'VALIDATION', {}, [{ field: 'body', message: err.message }]);
    }
    req.log.error({ err }, 'request failed');
    return send(500, 'INTERNAL', {});
  });
}
