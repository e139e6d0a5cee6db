import type { ReactNode } from 'react';
import { Navigate, Route, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { lazyPage, PageRoutes } from './lazyPage';
import { CataloguePage } from './pages/catalogue/CataloguePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { useSession } from './session';

// The catalogue, the front door, comes with the app; every other page is fetched when first shown.
const ProfilePage = lazyPage(() => import('./pages/account/ProfilePage'), 'ProfilePage');
const SignInPage = lazyPage(() => import('./pages/account/SignInPage'), 'SignInPage');
const SignUpPage = lazyPage(() => import('./pages/account/SignUpPage'), 'SignUpPage');
const ForgotPasswordPage = lazyPage(() => import('./pages/account/ForgotPasswordPage'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(() => import('./pages/account/ResetPasswordPage'), 'ResetPasswordPage');
const VerifyEmailPage = lazyPage(() => import('./pages/account/VerifyEmailPage'), 'VerifyEmailPage');
const MailboxPage = lazyPage(() => import('./pages/dev/MailboxPage'), 'MailboxPage');
const NotificationSettingsPage = lazyPage(() => import('./pages/settings/NotificationSettingsPage'), 'NotificationSettingsPage');
const UnsubscribePage = lazyPage(() => import('./pages/settings/UnsubscribePage'), 'UnsubscribePage');
const ListingPage = lazyPage(() => import('./pages/catalogue/ListingPage'), 'ListingPage');
const ContractPage = lazyPage(() => import('./pages/contracts/ContractPage'), 'ContractPage');
const ContractsPage = lazyPage(() => import('./pages/contracts/ContractsPage'), 'ContractsPage');
const CreditsPage = lazyPage(() => import('./pages/credits/CreditsPage'), 'CreditsPage');
const TestCheckoutPage = lazyPage(() => import('./pages/credits/TestCheckoutPage'), 'TestCheckoutPage');
const EmployerPage = lazyPage(() => import('./pages/employer/EmployerPage'), 'EmployerPage');
const NewEmployerPage = lazyPage(() => import('./pages/employer/NewEmployerPage'), 'NewEmployerPage');
const ConversationPage = lazyPage(() => import('./pages/inbox/ConversationPage'), 'ConversationPage');
const InboxPage = lazyPage(() => import('./pages/inbox/InboxPage'), 'InboxPage');
const NotificationsPage = lazyPage(() => import('./pages/notifications/NotificationsPage'), 'NotificationsPage');
const SavedSearchesPage = lazyPage(() => import('./pages/notifications/SavedSearchesPage'), 'SavedSearchesPage');
const PostWizard = lazyPage(() => import('./pages/post/PostWizard'), 'PostWizard');
const UserProfilePage = lazyPage(() => import('./pages/profiles/UserProfilePage'), 'UserProfilePage');
const EmployerReviewsPage = lazyPage(() => import('./pages/profiles/EmployerReviewsPage'), 'EmployerReviewsPage');

export function App() {
  return (
    <Layout>
      <PageRoutes>
        <Route path="/" element={<CataloguePage />} />
        <Route path="/gigs/:listingId" element={<ListingPage />} />
        <Route path="/employers/new" element={<SignedIn><NewEmployerPage /></SignedIn>} />
        <Route path="/employers/:employerId" element={<EmployerPage />} />
        <Route path="/employers/:employerId/reviews" element={<EmployerReviewsPage />} />
        <Route path="/users/:userId" element={<UserProfilePage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/dev/mailbox" element={<MailboxPage />} />
        <Route path="/settings/notifications" element={<SignedIn><NotificationSettingsPage /></SignedIn>} />
        <Route path="/unsubscribe" element={<UnsubscribePage />} />
        <Route path="/profile" element={<SignedIn><ProfilePage /></SignedIn>} />
        <Route path="/post" element={<SignedIn><PostWizard /></SignedIn>} />
        <Route path="/post/:listingId" element={<SignedIn><PostWizard /></SignedIn>} />
        <Route path="/credits" element={<SignedIn><CreditsPage /></SignedIn>} />
        <Route path="/checkout/test" element={<SignedIn><TestCheckoutPage /></SignedIn>} />
        <Route path="/inbox" element={<SignedIn><InboxPage /></SignedIn>} />
        <Route path="/inbox/:conversationId" element={<SignedIn><ConversationPage /></SignedIn>} />
        <Route path="/contracts" element={<SignedIn><ContractsPage /></SignedIn>} />
        <Route path="/contracts/:contractId" element={<SignedIn><ContractPage /></SignedIn>} />
        <Route path="/notifications" element={<SignedIn><NotificationsPage /></SignedIn>} />
        <Route path="/searches" element={<SignedIn><SavedSearchesPage /></SignedIn>} />
        <Route path="*" element={<NotFoundPage />} />
      </PageRoutes>
    </Layout>
  );
}

/** Pages for signed-in users: anyone else signs in first and comes back. */
function SignedIn({ children }: { children: ReactNode }) {
  const { viewer, loading, error } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  // Only UNAUTHENTICATED signs out (apollo.ts forgets the token then); a failure to load the
  // session keeps the person signed in and says so, with "Try again".
  if (!viewer && error) return <SessionError />;
  if (!viewer) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** The page of a signed-in person whose session could not be loaded: the layout's banner says why, with "Try again". */
function SessionError() {
  return (
    <section>
      <h1>Your account could not be loaded</h1>
      <p>You are still signed in. This page shows once your account loads: use “Try again” above.</p>
    </section>
  );
}
