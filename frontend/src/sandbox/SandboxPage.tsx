import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Smartphone } from 'lucide-react';
import { ApiError } from '../api/client';
import { useCan } from '../auth/session';
import { EmptyState } from '../ui/EmptyState';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { Phone } from './Phone';
import { useSandboxInfo } from './queries';
import './sandbox.css';

function SandboxHelp() {
  const { t } = useTranslation();
  const canAnswer = useCan('conversations:read');
  return (
    <aside className="panel sandbox-help" aria-labelledby="sandbox-help-title">
      <h2 id="sandbox-help-title">{t('sandbox.help.title')}</h2>
      <ol className="sandbox-steps">
        <li>{t('sandbox.help.step1')}</li>
        <li>{t('sandbox.help.step2')}</li>
        <li>{t('sandbox.help.step3')}</li>
        <li>{t('sandbox.help.step4')}</li>
      </ol>
      <p className="muted">{t('sandbox.help.note')}</p>
      {canAnswer && (
        <div>
          <Link to="/inbox" target="_blank" className="button">
            {t('sandbox.help.openInbox')}
          </Link>
        </div>
      )}
    </aside>
  );
}

/** The sandbox phone: play the customer on the built-in sandbox channel. */
export function SandboxPage() {
  const { t } = useTranslation();
  const info = useSandboxInfo();
  const canConfigure = useCan('channels:write');

  let body;
  if (info.isPending) {
    body = <Spinner />;
  } else if (info.isError) {
    const missing = info.error instanceof ApiError && info.error.code === 'no_sandbox';
    body = missing ? (
      <EmptyState
        testId="no-sandbox"
        icon={<Smartphone size={28} />}
        title={t('sandbox.missingTitle')}
        description={info.error.message}
      >
        {canConfigure && (
          <Link to="/settings/channels" className="button button-primary">
            {t('sandbox.openChannels')}
          </Link>
        )}
      </EmptyState>
    ) : (
      <ErrorAlert error={info.error} />
    );
  } else {
    body = (
      <div className="sandbox-layout">
        <Phone info={info.data} />
        <SandboxHelp />
      </div>
    );
  }

  return (
    <>
      <PageHeader title={t('sandbox.title')} description={t('sandbox.description')} />
      {body}
    </>
  );
}
