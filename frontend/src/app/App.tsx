import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { LoginPage } from '../auth/LoginPage';
import { RequireAuth } from '../auth/RequireAuth';
import { RequirePermission } from '../auth/RequirePermission';
import { useSession } from '../auth/session';
import { CampaignDetailPage } from '../campaigns/CampaignDetailPage';
import { CampaignEditorPage } from '../campaigns/CampaignEditorPage';
import { CampaignsPage } from '../campaigns/CampaignsPage';
import { ConsentsPage } from '../consent/ConsentsPage';
import { ContactsPage } from '../contacts/ContactsPage';
import { GroupDetailPage } from '../groups/GroupDetailPage';
import { GroupsPage } from '../groups/GroupsPage';
import { InboxPage } from '../inbox/InboxPage';
import { SandboxPage } from '../sandbox/SandboxPage';
import { SettingsLayout } from '../settings/SettingsLayout';
import { QueuesPage } from '../settings/queues/QueuesPage';
import { CannedPage } from '../settings/canned/CannedPage';
import { ChannelsPage } from '../settings/channels/ChannelsPage';
import { ConsentSettingsPage } from '../settings/consent/ConsentSettingsPage';
import { ContactFieldsPage } from '../settings/contactFields/ContactFieldsPage';
import { LabelsPage } from '../settings/labels/LabelsPage';
import { TemplatesPage } from '../settings/templates/TemplatesPage';
import { ProfilePage } from '../settings/profile/ProfilePage';
import { TokensPage } from '../settings/tokens/TokensPage';
import { UsersPage } from '../settings/users/UsersPage';
import { AppShell } from '../shell/AppShell';
import { LiveSession } from '../shell/LiveSession';
import { NotFoundPage } from '../shell/NotFoundPage';
import { NAV_ITEMS, homePath, type NavItem } from '../shell/navigation';
import { StatsPage } from '../stats/StatsPage';
import { SupervisorPage } from '../supervisor/SupervisorPage';

function Home() {
  return <Navigate to={homePath(useSession())} replace />;
}

/** A main section, guarded by the permissions its menu entry needs. */
function Section({ id, page }: { id: NavItem['id']; page: ReactElement }) {
  const item = NAV_ITEMS.find((i) => i.id === id);
  return <RequirePermission permission={item?.anyOf ?? []}>{page}</RequirePermission>;
}

/** Creating and editing campaigns needs campaigns:write. */
function CampaignWrite({ page }: { page: ReactElement }) {
  return <RequirePermission permission="campaigns:write">{page}</RequirePermission>;
}

/** The route table of the app. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <LiveSession>
              <AppShell />
            </LiveSession>
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="inbox/:conversationId?" element={<Section id="inbox" page={<InboxPage />} />} />
        <Route path="supervisor" element={<Section id="supervisor" page={<SupervisorPage />} />} />
        <Route path="contacts" element={<Section id="contacts" page={<ContactsPage />} />} />
        <Route path="groups" element={<Section id="groups" page={<GroupsPage />} />} />
        <Route path="groups/:groupId" element={<Section id="groups" page={<GroupDetailPage />} />} />
        <Route path="consents" element={<Section id="consents" page={<ConsentsPage />} />} />
        <Route path="campaigns" element={<Section id="campaigns" page={<CampaignsPage />} />} />
        <Route path="campaigns/new" element={<CampaignWrite page={<CampaignEditorPage />} />} />
        <Route path="campaigns/:campaignId" element={<Section id="campaigns" page={<CampaignDetailPage />} />} />
        <Route path="campaigns/:campaignId/edit" element={<CampaignWrite page={<CampaignEditorPage />} />} />
        <Route path="stats" element={<Section id="stats" page={<StatsPage />} />} />
        <Route path="sandbox" element={<Section id="sandbox" page={<SandboxPage />} />} />
        <Route path="settings" element={<SettingsLayout />}>
          <Route index element={<Navigate to="profile" replace />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route
            path="users"
            element={
              <RequirePermission permission="users:read">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="tokens"
            element={
              <RequirePermission permission="tokens:read">
                <TokensPage />
              </RequirePermission>
            }
          />
          <Route
            path="channels"
            element={
              <RequirePermission permission="channels:write">
                <ChannelsPage />
              </RequirePermission>
            }
          />
          <Route
            path="canned"
            element={
              <RequirePermission permission="canned:read">
                <CannedPage />
              </RequirePermission>
            }
          />
          <Route
            path="labels"
            element={
              <RequirePermission permission="labels:read">
                <LabelsPage />
              </RequirePermission>
            }
          />
          <Route
            path="queues"
            element={
              <RequirePermission permission="queues:read">
                <QueuesPage />
              </RequirePermission>
            }
          />
          <Route
            path="templates"
            element={
              <RequirePermission permission="templates:read">
                <TemplatesPage />
              </RequirePermission>
            }
          />
          <Route
            path="contactFields"
            element={
              <RequirePermission permission="settings:write">
                <ContactFieldsPage />
              </RequirePermission>
            }
          />
          <Route
            path="consent"
            element={
              <RequirePermission permission="settings:write">
                <ConsentSettingsPage />
              </RequirePermission>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
