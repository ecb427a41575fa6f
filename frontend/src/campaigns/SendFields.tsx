import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoutingAgents, useQueues } from '../settings/queues/queries';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Field } from '../ui/Field';
import type { CampaignDraft, SendWhen } from './draft';
import { timeZones } from './schedule';

interface SendFieldsProps {
  draft: CampaignDraft;
  set: (change: Partial<CampaignDraft>) => void;
  errors: Record<string, string>;
}

const WHEN: SendWhen[] = ['now', 'scheduled', 'draft'];

/** When it goes out, how (a routed session or directly), and link tracking. */
export function SendFields({ draft, set, errors }: SendFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const zones = useMemo(timeZones, []);
  const session = draft.mode === 'session';
  const queues = useQueues(session);
  const agents = useRoutingAgents(session && draft.routeKind === 'user');

  return (
    <>
      <fieldset className="campaign-section" data-testid="campaign-when">
        <legend>{t('campaigns.send.when')}</legend>
        <div className="campaign-choices" role="radiogroup">
          {WHEN.map((w) => (
            <label key={w}>
              <input
                type="radio"
                name={`${id}-when`}
                data-testid={`campaign-when-${w}`}
                checked={draft.when === w}
                onChange={() => set({ when: w })}
              />
              {t(`campaigns.send.whenChoices.${w}`)}
            </label>
          ))}
        </div>
        {draft.when === 'scheduled' && (
          <div className="form-grid campaign-schedule">
            <Field label={t('campaigns.send.date')} error={errors.send_at}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  data-testid="campaign-date"
                  value={draft.date}
                  onChange={(e) => set({ date: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('campaigns.send.time')}>
              {(control) => (
                <input
                  {...control}
                  type="time"
                  data-testid="campaign-time"
                  value={draft.time}
                  onChange={(e) => set({ time: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('campaigns.send.timeZone')} error={errors.time_zone}>
              {(control) => (
                <select
                  {...control}
                  data-testid="campaign-time-zone"
                  value={draft.timeZone}
                  onChange={(e) => set({ timeZone: e.target.value })}
                >
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z.replaceAll('_', ' ')}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="campaign-section" data-testid="campaign-mode">
        <legend>{t('campaigns.send.mode')}</legend>
        <div className="campaign-choices campaign-choices-stacked" role="radiogroup">
          {(['session', 'direct'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name={`${id}-mode`}
                data-testid={`campaign-mode-${m}`}
                checked={draft.mode === m}
                onChange={() => set({ mode: m })}
              />
              <span>
                <strong>{t(`campaigns.send.modes.${m}`)}</strong>
                <span className="field-hint"> {t(`campaigns.send.modeHints.${m}`)}</span>
              </span>
            </label>
          ))}
        </div>
        {session && (
          <div className="form-grid">
            <Field label={t('campaigns.send.routeKind')}>
              {(control) => (
                <select
                  {...control}
                  data-testid="campaign-route-kind"
                  value={draft.routeKind}
                  onChange={(e) => set({ routeKind: e.target.value as 'queue' | 'user', routeId: null })}
                >
                  <option value="queue">{t('campaigns.send.routeKinds.queue')}</option>
                  <option value="user">{t('campaigns.send.routeKinds.user')}</option>
                </select>
              )}
            </Field>
            <Field
              label={t(`campaigns.send.routeTo.${draft.routeKind}`)}
              hint={t('campaigns.send.routeHint')}
              error={errors.route}
            >
              {(control) => (
                <select
                  {...control}
                  data-testid="campaign-route"
                  value={draft.routeId ?? ''}
                  onChange={(e) => set({ routeId: e.target.value ? Number(e.target.value) : null })}
                >
                  <option value="">{t('campaigns.send.routeChoose')}</option>
                  {draft.routeKind === 'queue'
                    ? queues.data?.map((q) => (
                        <option key={q.id} value={q.id}>
                          {q.name}
                        </option>
                      ))
                    : agents.data?.map((a) => (
                        <option key={a.id} value={a.id}>
                          {a.extension ? `${a.name} (${a.extension})` : a.name}
                        </option>
                      ))}
                </select>
              )}
            </Field>
            <ErrorAlert error={draft.routeKind === 'queue' ? queues.error : agents.error} />
          </div>
        )}
      </fieldset>

      <label className="campaign-switch">
        <input
          type="checkbox"
          role="switch"
          data-testid="campaign-track-links"
          checked={draft.trackLinks}
          onChange={(e) => set({ trackLinks: e.target.checked })}
        />
        <span>
          <strong>{t('campaigns.send.trackLinks')}</strong>
          <span className="field-hint"> {t('campaigns.send.trackLinksHint')}</span>
        </span>
      </label>
    </>
  );
}
