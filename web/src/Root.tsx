import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth/AuthContext';
import { useI18n } from './i18n';
import { AppLayout } from './components/AppLayout';
import { Loading } from './components/Loading';
import { NAV_ITEMS } from './nav';

const LoginPage = lazy(() => import('./pages/login'));
const ChangePasswordPage = lazy(() => import('./pages/change-password'));
const HomePage = lazy(() => import('./pages/home'));
const ProfilePage = lazy(() => import('./pages/profile'));
const CampaignDetailPage = lazy(() => import('./pages/campaigns/detail'));
const NotFoundPage = lazy(() => import('./pages/not-found'));
const ProblemDetailPage = lazy(() => import('./pages/problems/detail'));
const InspectionPage = lazy(() => import('./pages/problems/inspection'));
const TaskDetailPage = lazy(() => import('./pages/tasks/detail'));
const AssignmentPage = lazy(() => import('./pages/tasks/assignment'));
const MeetingsPage = lazy(() => import('./pages/meetings'));
const StudyPage = lazy(() => import('./pages/study'));
const ResearchPage = lazy(() => import('./pages/research'));
const PublicPortal = lazy(() => import('./pages/public'));
const OpinionDetailPage = lazy(() => import('./pages/opinions/detail'));

const theme = { token: { colorPrimary: '#c41d1d', borderRadius: 4 } };

function Guarded() {
  const { status, me } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'anonymous' || !me)
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (me.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <AppLayout />;
}

function RequireAbility({ ability, children }: { ability: string | readonly string[]; children: ReactNode }) {
  const { can } = useAuth();
  return can(ability) ? children : <Navigate to="/" replace />;
}

export function Root() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={theme}>
      <AntApp style={{ height: '100%' }}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/change-password" element={<ChangePasswordPage />} />
            <Route path="/public/*" element={<PublicPortal />} />
            <Route element={<Guarded />}>
              <Route index element={<HomePage />} />
              <Route path="profile" element={<ProfilePage />} />
              {NAV_ITEMS.map(({ path, ability, Page }) => (
                <Route
                  key={path}
                  path={path.slice(1)}
                  element={
                    <RequireAbility ability={ability}>
                      <Page />
                    </RequireAbility>
                  }
                />
              ))}
              <Route
                path="campaigns/:id"
                element={
                  <RequireAbility ability="campaign.read">
                    <CampaignDetailPage />
                  </RequireAbility>
                }
              />
              <Route path="tasks/:id" element={<TaskDetailPage />} />
              <Route path="assignments/:id" element={<AssignmentPage />} />
              <Route path="meetings/:id" element={<MeetingsPage />} />
              <Route path="study/:id" element={<StudyPage />} />
              <Route path="research/:id" element={<ResearchPage />} />
              <Route path="problems/:id" element={<ProblemDetailPage />} />
              <Route path="inspections/:id" element={<InspectionPage />} />
              <Route path="opinions/:id" element={<OpinionDetailPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}
