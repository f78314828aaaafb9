import type { Actor } from './access/access.js';
import type { Locale } from './i18n.js';

/** Who is asking, and from where: passed from the route into every service call. */
export interface Ctx {
  actor: Actor;
  requestId: string;
  ip: string;
  locale: Locale;
}

/** A context for work done by the system itself (CLI, jobs, seeding). */
export function systemCtx(name = 'system'): Ctx {
  return {
    actor: { userId: 0, username: name, displayName: name, grants: [], supervised: [] },
    requestId: name,
    ip: '127.0.0.1',
    locale: 'zh-CN',
  };
}
