import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { preparedRows } from '../../db/query.js';
import type { Actor, ActorGrant } from './access.js';

/**
 * The actor's columns of one query over `users u`: the user, the grants with their roles and subtree paths (active
 * orgs only), and the subtrees of the active supervision groups the user sits in. The lists come back as JSON text,
 * parsed here, so both engines give the same shapes.
 */
const actorColumns = sql`u.id as user_id, u.username, u.display_name,
  coalesce((select json_agg(json_build_object('grantId', g.id, 'roleCode', r.code, 'roleName', r.name,
        'permissions', r.permissions, 'systemRole', r.system_role, 'orgId', o.id, 'orgName', o.name,
        'path', o.path::text) order by g.id)
      from grants g join roles r on r.id = g.role_id join orgs o on o.id = g.org_id
      where g.user_id = u.id and o.active), '[]')::text as grants,
  coalesce((select json_agg(json_build_object('groupId', sg.id, 'groupName', sg.name, 'orgId', o.id,
        'orgName', o.name, 'path', o.path::text) order by sg.id, o.id)
      from supervision_group_members m
      join supervision_groups sg on sg.id = m.group_id and sg.active
      join supervision_group_orgs so on so.group_id = sg.id
      join orgs o on o.id = so.org_id
      where m.user_id = u.id and o.active), '[]')::text as supervised`;

interface ActorRow {
  user_id: number;
  username: string;
  display_name: string;
  grants: string;
  supervised: string;
}

const toActor = (r: ActorRow): Actor => ({
  userId: Number(r.user_id),
  username: r.username,
  displayName: r.display_name,
  grants: JSON.parse(r.grants) as ActorGrant[],
  supervised: JSON.parse(r.supervised) as Actor['supervised'],
});

/** The first row, as a named prepared statement: these run on every authenticated request. */
async function first<T>(db: Executor, query: SQL): Promise<T | undefined> {
  return (await preparedRows<T>(db, query))[0];
}

/** Builds the actor of an active user: grants with their subtree paths, and supervised subtrees (one query). */
export async function loadActor(db: Executor, userId: number): Promise<Actor | undefined> {
  const r = await first<ActorRow>(
    db,
    sql`select ${actorColumns} from users u where u.id = ${userId} and u.active`,
  );
  return r && toActor(r);
}

export interface SessionActor {
  sessionId: string;
  csrfToken: string;
  lastSeenAt: Date;
  mustChangePassword: boolean;
  locale: string;
  actor: Actor;
}

/**
 * What every authenticated request needs, in one query: the unexpired session with the given id (the token's
 * digest), its active user's settings and the actor.
 */
export async function loadSessionActor(db: Executor, sessionId: string): Promise<SessionActor | undefined> {
  const r = await first<
    ActorRow & { session_id: string; csrf_token: string; last_seen_ms: number; must: boolean; locale: string }
  >(
    db,
    sql`select s.id as session_id, s.csrf_token, extract(epoch from s.last_seen_at)::float8 * 1000 as last_seen_ms,
        u.must_change_password as must, u.locale, ${actorColumns}
      from sessions s join users u on u.id = s.user_id and u.active
      where s.id = ${sessionId} and s.expires_at > now()`,
  );
  if (!r) return undefined;
  return {
    sessionId: r.session_id,
    csrfToken: r.csrf_token,
    lastSeenAt: new Date(Number(r.last_seen_ms)),
    mustChangePassword: Boolean(r.must),
    locale: r.locale,
    actor: toActor(r),
  };
}
