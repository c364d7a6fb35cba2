import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { Loading } from '../components/ui.js';
import { LoginScreen, SecondFactorScreen } from '../screens/login/LoginScreen.js';
import { Layout } from './Layout.js';
import { matchPath, useRouter } from './router.js';
import { useSession } from './session.js';

// Each screen is its own chunk; only the login screen is in the first download.
const TotpSetupScreen = lazy(() => import('../screens/totp-setup/TotpSetupScreen.js'));
const InvitationScreen = lazy(() => import('../screens/invitation/InvitationScreen.js'));
const JoinInvitationScreen = lazy(() => import('../screens/invitation/JoinInvitationScreen.js'));
const OrganisationsScreen = lazy(() => import('../screens/organisations/OrganisationsScreen.js'));
const HomeScreen = lazy(() => import('../screens/home/HomeScreen.js'));
const CaseScreen = lazy(() => import('../screens/case/CaseScreen.js'));
const ThreadScreen = lazy(() => import('../screens/thread/ThreadScreen.js'));
const ShowWhoIAmScreen = lazy(() => import('../screens/show-who-i-am/ShowWhoIAmScreen.js'));
const VerifyScreen = lazy(() => import('../screens/verify/VerifyScreen.js'));
const IntakeScreen = lazy(() => import('../screens/intake/IntakeScreen.js'));
const RegisterScreen = lazy(() => import('../screens/register/RegisterScreen.js'));
const ReportScreen = lazy(() => import('../screens/reports/ReportScreen.js'));
const TeamScreen = lazy(() => import('../screens/team/TeamScreen.js'));
const NotFoundScreen = lazy(() => import('../screens/not-found/NotFoundScreen.js'));
const AccountScreen = lazy(() => import('../screens/account/AccountScreen.js'));
const AccountsScreen = lazy(() => import('../screens/accounts/AccountsScreen.js'));
const AccountSearchScreen = lazy(() => import('../screens/accounts/AccountSearchScreen.js'));
const GroupsScreen = lazy(() => import('../screens/groups/GroupsScreen.js'));
const GroupScreen = lazy(() => import('../screens/groups/GroupScreen.js'));
const GroupModerationScreen = lazy(() => import('../screens/groups/GroupModerationScreen.js'));
const ConsultationsScreen = lazy(() => import('../screens/consultations/ConsultationsScreen.js'));
const ConsultationScreen = lazy(() => import('../screens/consultations/ConsultationScreen.js'));
const ChecklistScreen = lazy(() => import('../screens/child/ChecklistScreen.js'));
const DirectoryScreen = lazy(() => import('../screens/directory/DirectoryScreen.js'));
const DirectoryEditScreen = lazy(() => import('../screens/directory/DirectoryEditScreen.js'));

type Screen = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;
interface Route { pattern: string; screen: Screen; public?: boolean }

const routes: Route[] = [
  { pattern: '/invitation/:token', screen: InvitationScreen, public: true },
  { pattern: '/invitation/:token/join', screen: JoinInvitationScreen },
  { pattern: '/register', screen: RegisterScreen, public: true },
  { pattern: '/verify', screen: VerifyScreen, public: true },
  { pattern: '/verify/:code', screen: VerifyScreen, public: true },
  { pattern: '/children/checklist', screen: ChecklistScreen, public: true },
  { pattern: '/', screen: HomeScreen },
  { pattern: '/cases/:caseId', screen: CaseScreen },
  { pattern: '/cases/:caseId/threads/:threadId', screen: ThreadScreen },
  { pattern: '/show-who-i-am', screen: ShowWhoIAmScreen },
  { pattern: '/intake', screen: IntakeScreen },
  { pattern: '/intake/:registrationId', screen: IntakeScreen },
  { pattern: '/reports', screen: ReportScreen },
  { pattern: '/team', screen: TeamScreen },
  { pattern: '/account', screen: AccountScreen },
  { pattern: '/organisations', screen: OrganisationsScreen },
  { pattern: '/organisations/:organisationId/accounts', screen: AccountsScreen },
  { pattern: '/accounts', screen: AccountSearchScreen },
  { pattern: '/groups', screen: GroupsScreen },
  { pattern: '/groups/:groupId', screen: GroupScreen },
  { pattern: '/groups/:groupId/moderation', screen: GroupModerationScreen },
  { pattern: '/consultations', screen: ConsultationsScreen },
  { pattern: '/consultations/:consultationId', screen: ConsultationScreen },
  // The help directory (issue 20): public; coordinators edit.
  { pattern: '/hulp', screen: DirectoryScreen, public: true },
  { pattern: '/hulp/nieuw', screen: DirectoryEditScreen },
  { pattern: '/hulp/:serviceId/wijzigen', screen: DirectoryEditScreen },
];

function resolve(path: string): { route: Route | null; params: Record<string, string> } {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return { route: null, params: {} };
}

export function App() {
  const { path, key } = useRouter();
  const { state, check } = useSession();
  // Every navigation asks the server whether the session still lives, so an expired session is
  // noticed at once (calmly, on the login form) and not halfway through typing a story.
  useEffect(() => { if (state.status === 'ready') check(); }, [key]);
  // The login form shows wherever a logged-out user lands; after login the same address opens.
  const { route, params } = resolve(path === '/login' ? '/' : path);

  let content;
  if (route?.public) {
    const Screen = route.screen;
    content = <Screen params={params} />;
  } else if (state.status === 'loading') {
    content = <Loading />;
  } else if (state.status === 'anonymous') {
    content = <LoginScreen expired={state.status === 'anonymous' && state.expired} providerLogout={state.providerLogout ?? null} />;
  } else if (state.status === 'second') {
    content = <SecondFactorScreen />;
  } else if (state.status === 'enrol') {
    content = <TotpSetupScreen />;
  } else if (!route) {
    content = <NotFoundScreen />;
  } else {
    const Screen = route.screen;
    content = <Screen params={params} />;
  }
  return (
    <Layout>
      <Suspense fallback={<Loading />}>{content}</Suspense>
    </Layout>
  );
}
