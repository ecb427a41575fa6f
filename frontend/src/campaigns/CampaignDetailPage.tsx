import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ArrowLeft, Copy, Pause, Pencil, Play, RotateCcw, Square, Trash2 } from 'lucide-react';
import type { Campaign } from '../api/campaigns';
import { useCan } from '../auth/session';
import { useDateTimeFormat } from '../i18n/format';
import { useChannels } from '../settings/channels/queries';
import { Alert } from '../ui/Alert';
import { ConfirmAction } from '../ui/ConfirmAction';
import { ErrorAlert } from '../ui/ErrorAlert';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { actionsFor } from './actions';
import { NO_COUNTS } from './CampaignProgress';
import { CampaignProgress } from './CampaignProgress';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { senderOf } from './labels';
import { useCampaign, useCampaignAction, useDeleteCampaign, useDuplicateCampaign, useLiveCampaigns } from './queries';
import { ResultsTable } from './ResultsTable';
import { stopReasonKey } from './stopReasons';
import './campaigns.css';

/** /campaigns/:campaignId: status, live progress, the actions of its status and the results. */
export function CampaignDetailPage() {
  const { campaignId } = useParams();
  const id = Number(campaignId);
  const campaign = useCampaign(id);
  useLiveCampaigns();
  if (campaign.isPending) return <Spinner />;
  if (campaign.isError) return <ErrorAlert error={campaign.error} />;
  return <CampaignDetail campaign={campaign.data} />;
}

function CampaignDetail({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('campaigns:write');
  const channels = useChannels();
  const when = useDateTimeFormat();
  const act = useCampaignAction(campaign.id);
  const duplicate = useDuplicateCampaign();
  const remove = useDeleteCampaign();
  const number = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'en');
  const c = { ...campaign, counts: campaign.counts ?? NO_COUNTS };
  const s = senderOf(c, channels.data);
  const actions = canWrite ? actionsFor(c) : [];
  const busy = act.isPending || duplicate.isPending || remove.isPending;
  const reason = stopReasonKey(c.stop_reason);

  const button = (key: 'pause' | 'resume' | 'retry', Icon: typeof Pause) => (
    <button
      key={key}
      type="button"
      className={key === 'resume' ? 'button button-primary' : 'button'}
      data-testid={`campaign-${key}`}
      disabled={busy}
      onClick={() => act.mutate(key)}
    >
      <Icon size={16} aria-hidden="true" />
      {t(`campaigns.actions.${key}`)}
    </button>
  );

  return (
    <div className="campaign-detail" data-testid="campaign-detail" data-status={c.status}>
      <Link to="/campaigns" className="group-back">
        <ArrowLeft size={15} aria-hidden="true" />
        {t('campaigns.title')}
      </Link>
      <PageHeader
        title={c.name}
        actions={
          actions.length > 0 && (
            <div className="inline-actions campaign-actions" data-testid="campaign-actions">
              {actions.includes('edit') && (
                <Link to={`/campaigns/${c.id}/edit`} className="button" data-testid="campaign-edit">
                  <Pencil size={16} aria-hidden="true" />
                  {t('campaigns.actions.edit')}
                </Link>
              )}
              {actions.includes('pause') && button('pause', Pause)}
              {actions.includes('resume') && button('resume', Play)}
              {actions.includes('retry') && button('retry', RotateCcw)}
              {(actions.includes('stop') || actions.includes('cancel')) && (
                <ConfirmAction
                  trigger={
                    <>
                      <Square size={14} aria-hidden="true" />
                      {t(actions.includes('cancel') ? 'campaigns.actions.cancel' : 'campaigns.actions.stop')}
                    </>
                  }
                  triggerTestId="campaign-stop"
                  confirmLabel={t(
                    actions.includes('cancel') ? 'campaigns.actions.cancelConfirm' : 'campaigns.actions.stopConfirm',
                  )}
                  confirmTestId="campaign-stop-confirm"
                  hint={t(actions.includes('cancel') ? 'campaigns.actions.cancelHint' : 'campaigns.actions.stopHint')}
                  busy={busy}
                  onOpen={() => act.reset()}
                  onConfirm={(done) => act.mutate('stop', { onSettled: done })}
                />
              )}
              {actions.includes('delete') && (
                <ConfirmAction
                  trigger={
                    <>
                      <Trash2 size={14} aria-hidden="true" />
                      {t('campaigns.actions.delete')}
                    </>
                  }
                  triggerTestId="campaign-delete"
                  confirmLabel={t('campaigns.actions.deleteConfirm')}
                  confirmTestId="campaign-delete-confirm"
                  busy={busy}
                  onOpen={() => remove.reset()}
                  onConfirm={(done) =>
                    remove.mutate(c.id, { onSuccess: () => navigate('/campaigns'), onSettled: done })
                  }
                />
              )}
              {actions.includes('duplicate') && (
                <button
                  type="button"
                  className="button"
                  data-testid="campaign-duplicate"
                  disabled={busy}
                  onClick={() =>
                    duplicate.mutate(c.id, { onSuccess: (copy) => navigate(`/campaigns/${copy.id}/edit`) })
                  }
                >
                  <Copy size={16} aria-hidden="true" />
                  {t('campaigns.actions.duplicate')}
                </button>
              )}
            </div>
          )
        }
      />
      <ErrorAlert error={act.error ?? duplicate.error ?? remove.error} testId="campaign-action-error" />

      <div className="campaign-summary">
        <p className="group-meta">
          <CampaignStatusBadge campaign={c} />
          {s.kind && <span className="badge">{t(`inbox.channelKinds.${s.kind as 'sandbox'}`)}</span>}
          <span>{t('campaigns.detail.from', { number: s.number || s.channelName })}</span>
          <span className="muted">
            {t(`campaigns.send.modes.${c.mode}`)}
            {c.track_links && ` · ${t('campaigns.detail.tracked')}`}
          </span>
          {c.send_at && (
            <span className="muted">{t('campaigns.detail.sendAt', { at: when(c.send_at), zone: c.time_zone })}</span>
          )}
          {c.started_at && <span className="muted">{t('campaigns.detail.startedAt', { at: when(c.started_at) })}</span>}
          {c.finished_at && (
            <span className="muted">{t('campaigns.detail.finishedAt', { at: when(c.finished_at) })}</span>
          )}
        </p>
        <p className="muted" data-testid="campaign-status-explained">
          {t(`campaigns.statusHelp.${c.status}`)}
        </p>
        {c.status === 'stopped' && (
          <Alert tone={c.stop_reason === 'user' ? 'info' : 'error'} testId="campaign-stop-reason">
            <strong>{t(`campaigns.stopReasons.${reason}.title`)}</strong>{' '}
            {reason === 'other' && c.stop_message ? `${c.stop_message} (${c.stop_reason}) ` : ''}
            {t(`campaigns.stopReasons.${reason}.next`)}
          </Alert>
        )}
      </div>

      <CampaignProgress counts={c.counts} name={c.name} />
      {(c.counts.unknown ?? 0) > 0 && (
        <p className="muted" data-testid="campaign-unknown">
          {t('campaigns.detail.unknown', { count: c.counts.unknown, n: number.format(c.counts.unknown) })}
        </p>
      )}
      {c.track_links && (
        <p className="muted" data-testid="campaign-clicks">
          {t('campaigns.detail.clicks', {
            human: number.format(c.counts.clicked ?? 0),
            bots: number.format(c.counts.bot_clicks ?? 0),
          })}
        </p>
      )}

      <ResultsTable campaignId={c.id} />
    </div>
  );
}
