import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ArrowRightLeft } from 'lucide-react';
import type { ConversationView } from '../api/inbox';
import { useCan, useSession } from '../auth/session';
import { TransferDialog } from './TransferDialog';

/** "Transfer" in the conversation header: to another queue or agent, with a note. */
export function TransferAction({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const canAssign = useCan('conversations:assign');
  const seesAll = useCan('conversations:supervise');
  const me = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!canAssign) return null;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        data-testid="transfer-open"
        title={t('supervisor.transfer.hint')}
        onClick={() => setOpen(true)}
      >
        <ArrowRightLeft size={14} aria-hidden="true" />
        {t('supervisor.transfer.action')}
      </button>
      {open && (
        <TransferDialog
          conversation={conversation}
          onClose={() => setOpen(false)}
          onTransferred={(view) => {
            // An agent who handed the conversation on goes back to the list.
            if (!seesAll && view.assignee_id !== me.user.id) navigate('/inbox');
          }}
        />
      )}
    </>
  );
}
