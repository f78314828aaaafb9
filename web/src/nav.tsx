import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  FileSearchOutlined,
  FlagOutlined,
  HeartOutlined,
  MessageOutlined,
  ReadOutlined,
  IssuesCloseOutlined,
  BellOutlined,
  CarryOutOutlined,
  DashboardOutlined,
  VideoCameraOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MessageKey } from './i18n';

export interface NavItem {
  path: string;
  /** the ability needed, or any one of several */
  ability: string | readonly string[];
  label: MessageKey;
  icon: ReactNode;
  load: () => Promise<{ default: ComponentType }>;
  Page: LazyExoticComponent<ComponentType>;
}

function page(load: () => Promise<{ default: ComponentType }>) {
  return { load, Page: lazy(load) };
}

/** The dashboard shows a part for each of these (server/src/modules/dashboard/dashboard.service.ts PARTS). */
export const DASHBOARD_ABILITIES = [
  'problem.read',
  'task.read',
  'opinion.handle',
  'opinion.dispatch',
] as const;

/** Menu entries and their routes; a user sees an entry only with its ability (me.abilities). */
export const NAV_ITEMS: NavItem[] = [
  {
    path: '/dashboard',
    ability: DASHBOARD_ABILITIES,
    label: 'nav.dashboard',
    icon: <DashboardOutlined />,
    ...page(() => import('./pages/dashboard')),
  },
  {
    path: '/tasks',
    ability: 'task.read',
    label: 'nav.tasks',
    icon: <CarryOutOutlined />,
    ...page(() => import('./pages/tasks')),
  },
  {
    path: '/meetings',
    ability: 'meeting.read',
    label: 'nav.meetings',
    icon: <VideoCameraOutlined />,
    ...page(() => import('./pages/meetings')),
  },
  {
    path: '/study',
    ability: 'study.read',
    label: 'nav.study',
    icon: <BookOutlined />,
    ...page(() => import('./pages/study')),
  },
  {
    path: '/research',
    ability: 'research.read',
    label: 'nav.research',
    icon: <FileSearchOutlined />,
    ...page(() => import('./pages/research')),
  },
  {
    path: '/inbox',
    ability: '',
    label: 'nav.inbox',
    icon: <BellOutlined />,
    ...page(() => import('./pages/inbox')),
  },
  {
    path: '/problems',
    ability: 'problem.read',
    label: 'nav.problems',
    icon: <IssuesCloseOutlined />,
    ...page(() => import('./pages/problems')),
  },
  {
    path: '/opinions',
    ability: 'opinion.handle',
    label: 'nav.opinions',
    icon: <MessageOutlined />,
    ...page(() => import('./pages/opinions')),
  },
  {
    path: '/deeds',
    ability: 'deed.manage',
    label: 'nav.deeds',
    icon: <HeartOutlined />,
    ...page(() => import('./pages/deeds')),
  },
  {
    path: '/articles',
    ability: 'article.manage',
    label: 'nav.articles',
    icon: <ReadOutlined />,
    ...page(() => import('./pages/articles')),
  },
  {
    path: '/campaigns',
    ability: 'campaign.read',
    label: 'nav.campaigns',
    icon: <FlagOutlined />,
    ...page(() => import('./pages/campaigns')),
  },
  {
    path: '/orgs',
    ability: 'org.read',
    label: 'nav.orgs',
    icon: <ApartmentOutlined />,
    ...page(() => import('./pages/orgs')),
  },
  {
    path: '/people',
    ability: 'person.read',
    label: 'nav.people',
    icon: <TeamOutlined />,
    ...page(() => import('./pages/people')),
  },
  {
    path: '/users',
    ability: 'user.manage',
    label: 'nav.users',
    icon: <UserOutlined />,
    ...page(() => import('./pages/users')),
  },
  {
    path: '/grants',
    ability: 'grant.manage',
    label: 'nav.grants',
    icon: <SafetyCertificateOutlined />,
    ...page(() => import('./pages/grants')),
  },
  {
    path: '/security',
    ability: 'security.manage',
    label: 'nav.security',
    icon: <SettingOutlined />,
    ...page(() => import('./pages/security')),
  },
  {
    path: '/audit',
    ability: 'audit.read',
    label: 'nav.audit',
    icon: <AuditOutlined />,
    ...page(() => import('./pages/audit')),
  },
];

/** Starts fetching the current route's chunk while the session check is still in flight. */
export function preloadRoute(pathname: string): void {
  NAV_ITEMS.find((n) => pathname.startsWith(n.path))
    ?.load()
    .catch(() => undefined);
}
