import { useTranslation } from 'react-i18next';
import type { LabelRef } from '../api/desk';
import type { ID } from '../api/types';
import { useCan } from '../auth/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { LabelChip } from './LabelChip';
import { LabelPicker } from './LabelPicker';
import { useConversationLabel } from './queries';

interface ConversationLabelsProps {
  conversationId: ID;
  labels: LabelRef[];
  /** Extra class for the row, to line it up with its surroundings. */
  className?: string;
}

/** A conversation's labels as chips, with "add label" and × for those who may apply labels. */
export function ConversationLabels({ conversationId, labels, className }: ConversationLabelsProps) {
  const { t } = useTranslation();
  const canApply = useCan('labels:apply');
  const change = useConversationLabel(conversationId);
  const busy = (id: ID) => change.isPending && change.variables?.labelId === id;
  return (
    <div
      className={className ? `label-row ${className}` : 'label-row'}
      data-testid="conversation-labels"
      aria-label={t('labels.title')}
    >
      {labels.map((label) => (
        <LabelChip
          key={label.id}
          label={label}
          removing={busy(label.id)}
          onRemove={canApply ? () => change.mutate({ labelId: label.id, add: false }) : undefined}
        />
      ))}
      {canApply && (
        <LabelPicker
          applied={labels.map((l) => l.id)}
          disabled={change.isPending}
          onPick={(label) => change.mutate({ labelId: label.id, add: true })}
        />
      )}
      <ErrorAlert error={change.error} testId="conversation-labels-error" />
    </div>
  );
}
