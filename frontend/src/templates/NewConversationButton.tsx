import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { SquarePen } from 'lucide-react';
import type { ContactRef } from '../api/inbox';
import { useCan } from '../auth/session';
import { NewConversationDialog } from './NewConversationDialog';

/** "New conversation": write first, with a template; opens the conversation once started. */
export function NewConversationButton({ contact, compact }: { contact?: ContactRef; compact?: boolean }) {
  const { t } = useTranslation();
  const canWrite = useCan('conversations:write');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!canWrite) return null;
  const label = t('templates.start.open');
  return (
    <>
      <button
        type="button"
        className={compact ? 'icon-button' : 'button button-small'}
        title={label}
        aria-label={compact ? label : undefined}
        data-testid="new-conversation"
        onClick={() => setOpen(true)}
      >
        <SquarePen size={compact ? 17 : 16} aria-hidden="true" />
        {!compact && label}
      </button>
      {open && (
        <NewConversationDialog
          contact={contact}
          onClose={() => setOpen(false)}
          onStarted={(id) => {
            setOpen(false);
            navigate(`/inbox/${id}`);
          }}
        />
      )}
    </>
  );
}
