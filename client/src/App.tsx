import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { ProfilePage } from './pages/account/ProfilePage';
import { SignInPage } from './pages/account/SignInPage';
import { SignUpPage } from './pages/account/SignUpPage';
import { CataloguePage } from './pages/catalogue/CataloguePage';
import { ListingPage } from './pages/catalogue/ListingPage';
import { ContractPage } from './pages/contracts/ContractPage';
import { ContractsPage } from './pages/contracts/ContractsPage';
import { CreditsPage } from './pages/credits/CreditsPage';
import { TestCheckoutPage } from './pages/credits/TestCheckoutPage';
import { EmployerPage } from './pages/employer/EmployerPage';
import { NewEmployerPage } from './pages/employer/NewEmployerPage';
import { ConversationPage } from './pages/inbox/ConversationPage';
import { InboxPage } from './pages/inbox/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/notifications/NotificationsPage';
import { SavedSearchesPage } from './pages/notifications/SavedSearchesPage';
import { PostWizard } from './pages/post/PostWizard';
import { useSession } from './session';

export function App() {
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<CataloguePage />} />
        <Route path="/gigs/:listingId" element={<ListingPage />} />
        <Route path="/employers/new" element={<SignedIn><NewEmployerPage /></SignedIn>} />
        <Route path="/employers/:employerId" element={<EmployerPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route path="/signin" element={<SignInPage />} />
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
      </Routes>
    </Layout>
  );
}

/** Pages for signed-in users: anyone else signs in first and comes back. */
function SignedIn({ children }: { children: ReactNode }) {
  const { viewer, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!viewer) return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}
