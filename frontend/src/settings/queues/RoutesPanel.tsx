import { useTranslation } from 'react-i18next';
import type { Queue, RoutedSender, RoutingAgent, SenderRoute } from '../../api/routing';
import type { Channel } from '../../api/types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { useChannels } from '../channels/queries';
import { useRoutingAgents, useSetSenderRoute } from './queries';

/** A route as a select value: "" (none), "q:ID" (a queue) or "u:ID" (an extension). */
export function routeValue(sender: RoutedSender): string {
  if (sender.route_queue_id) return `q:${sender.route_queue_id}`;
  if (sender.route_user_id) return `u:${sender.route_user_id}`;
  return '';
}

export function routeOfValue(value: string): SenderRoute {
  const [kind, id] = value.split(':');
  if (kind === 'q' && id) return { queue_id: Number(id) };
  if (kind === 'u' && id) return { user_id: Number(id) };
  return {};
}

/** Settings → Queues → Routes: where each sender number's new conversations go. */
export function RoutesPanel({ queues }: { queues: Queue[] }) {
  const { t } = useTranslation();
  const channels = useChannels();
  const agents = useRoutingAgents(true, { fresh: true });
  const setRoute = useSetSenderRoute();

  const rows = (channels.data ?? []).flatMap((channel) =>
    channel.senders.map((sender) => ({ channel, sender: sender as RoutedSender })),
  );

  return (
    <section className="stack routes-panel" data-testid="routes-panel" aria-labelledby="routes-title">
      <div>
        <h2 id="routes-title">{t('routing.routes.title')}</h2>
        <p className="muted">{t('routing.routes.description')}</p>
      </div>
      <ErrorAlert error={setRoute.error} testId="route-error" />
      <ResourceList
        query={{
          isPending: channels.isPending || agents.isPending,
          isError: channels.isError,
          error: channels.error,
          data: rows,
        }}
        isEmpty={noItems}
        empty={t('routing.routes.empty')}
        emptyTestId="routes-empty"
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table table-cards">
              <thead>
                <tr>
                  <th scope="col">{t('routing.routes.channel')}</th>
                  <th scope="col">{t('routing.routes.number')}</th>
                  <th scope="col">{t('routing.routes.route')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map(({ channel, sender }) => (
                  <RouteRow
                    key={sender.id}
                    channel={channel}
                    sender={sender}
                    queues={queues}
                    agents={agents.data ?? []}
                    saving={setRoute.isPending && setRoute.variables?.senderId === sender.id}
                    onChange={(route) => setRoute.mutate({ senderId: sender.id, route })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ResourceList>
    </section>
  );
}

interface RouteRowProps {
  channel: Channel;
  sender: RoutedSender;
  queues: Queue[];
  agents: RoutingAgent[];
  saving: boolean;
  onChange: (route: SenderRoute) => void;
}

function RouteRow({ channel, sender, queues, agents, saving, onChange }: RouteRowProps) {
  const { t } = useTranslation();
  const selectId = `route-${sender.id}`;
  return (
    <tr data-testid="route-row" data-sender-id={sender.id} data-sender-number={sender.phone_number}>
      <td data-label={t('routing.routes.channel')} className="cell-strong">
        {channel.name}
      </td>
      <td data-label={t('routing.routes.number')}>
        <span className="cell-user">
          <span>{sender.phone_number}</span>
          {sender.name && <span className="cell-secondary">{sender.name}</span>}
        </span>
      </td>
      <td data-label={t('routing.routes.route')}>
        <label className="visually-hidden" htmlFor={selectId}>
          {t('routing.routes.routeFor', { number: sender.phone_number })}
        </label>
        <select
          id={selectId}
          className="select-compact route-select"
          data-testid="route-select"
          disabled={saving}
          value={routeValue(sender)}
          onChange={(e) => onChange(routeOfValue(e.target.value))}
        >
          <option value="">{t('routing.routes.none')}</option>
          <optgroup label={t('routing.routes.queues')}>
            {queues.map((q) => (
              <option key={q.id} value={`q:${q.id}`}>
                {t('routing.routes.queueOption', { name: q.name })}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('routing.routes.extensions')}>
            {agents.map((a) => (
              <option key={a.id} value={`u:${a.id}`}>
                {a.extension ? t('routing.routes.extensionOption', { name: a.name, extension: a.extension }) : a.name}
              </option>
            ))}
          </optgroup>
        </select>
      </td>
    </tr>
  );
}
