import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { InvitationPreview } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Loading, PageTitle, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

/** A logged-in account says yes (or no) to the case it was invited into. Behind the login form like every other screen. */
export default function JoinInvitationScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const user = useUser();
  const token = encodeURIComponent(params.token);
  const [preview, setPreview] = useState<InvitationPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState<string | null>(null);
  const [declined, setDeclined] = useState(false);

  useEffect(() => { api<InvitationPreview>(`/api/invitations/${token}`).then(setPreview, setError); }, [token]);

  const join = async () => {
    setBusy(true);
    setError(null);
    try {
      setJoined((await api<{ caseId: string }>(`/api/invitations/${token}/join`, { method: 'POST', body: {} })).caseId);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <div className="ev-narrow">
        <PageTitle>{t('invitation.joinedTitle')}</PageTitle>
        <Paragraph><Link href={`/cases/${joined}`}>{t('invitation.toCase')}</Link></Paragraph>
      </div>
    );
  }
  if (error && !preview) return <div className="ev-narrow"><PageTitle>{t('invitation.joinTitle')}</PageTitle><ErrorAlert error={error} /></div>;
  if (!preview) return <Loading />;
  const otherAccount = preview.email.toLowerCase() !== user.email.toLowerCase()
    || (error instanceof ApiError && error.code === 'invitation_other_account');
  return (
    <div className="ev-narrow">
      <PageTitle>{t('invitation.joinTitle')}</PageTitle>
      {otherAccount ? <Alert type="warning">{t('invitation.otherAccount', { email: preview.email })}</Alert> : (
        <>
          <Paragraph lead>{t('invitation.joinIntro', { inviter: preview.invitedBy })}</Paragraph>
          <ErrorAlert error={error} />
          {declined ? <Alert type="info">{t('invitation.joinNoDone')}</Alert> : (
            <ButtonGroup>
              <Button busy={busy} disabled={busy} onClick={() => void join()}>{t('invitation.joinYes')}</Button>
              <Button appearance="secondary-action-button" disabled={busy} onClick={() => setDeclined(true)}>{t('invitation.joinNo')}</Button>
            </ButtonGroup>
          )}
        </>
      )}
    </div>
  );
}
