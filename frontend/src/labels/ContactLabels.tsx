import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Label } from '../api/desk';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { useRealtimeEvent } from '../realtime/RealtimeProvider';
import { ErrorAlert } from '../ui/ErrorAlert';
import { LabelChip } from './LabelChip';
import { LabelPicker } from './LabelPicker';
import { labelKeys, useContactLabel, useContactLabels } from './queries';

/** A contact's labels, kept live by contact.updated events. */
export function ContactLabels({ contactId }: { contactId: ID }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canApply = useCan('labels:apply');
  const labels = useContactLabels(contactId);
  const change = useContactLabel(contactId);

  useRealtimeEvent((event) => {
    if (event.type !== 'contact.updated') return;
    const data = event.data as { id?: ID; labels?: Label[] };
    if (data?.id === contactId && Array.isArray(data.labels)) {
      queryClient.setQueryData(labelKeys.contact(contactId), data.labels);
    }
  });

  const items = labels.data ?? [];
  return (
    <div className="label-row" data-testid="contact-labels" aria-label={t('labels.contactTitle')}>
      {items.map((label) => (
        <LabelChip
          key={label.id}
          label={label}
          small
          removing={change.isPending && change.variables?.labelId === label.id}
          onRemove={canApply ? () => change.mutate({ labelId: label.id, add: false }) : undefined}
        />
      ))}
      {labels.isSuccess && items.length === 0 && !canApply && <span className="muted">{t('labels.none')}</span>}
      {canApply && (
        <LabelPicker
          applied={items.map((l) => l.id)}
          disabled={change.isPending || !labels.isSuccess}
          onPick={(label) => change.mutate({ labelId: label.id, add: true })}
        />
      )}
      <ErrorAlert error={labels.error ?? change.error} />
    </div>
  );
}
