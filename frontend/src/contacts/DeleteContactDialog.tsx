import { useTranslation } from 'react-i18next';
import type { Contact } from '../api/contacts';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { contactName } from './columns';
import { useContact, useDeleteContact } from './queries';

interface DeleteContactDialogProps {
  contact: Contact;
  onClose: () => void;
}

/** Asks before a contact leaves the phone book, saying how many conversations go with it. */
export function DeleteContactDialog({ contact, onClose }: DeleteContactDialogProps) {
  const { t } = useTranslation();
  const detail = useContact(contact.id);
  const remove = useDeleteContact();
  const count = detail.data?.conversation_count ?? detail.data?.conversations?.length;
  const name = contactName(contact) || contact.whatsapp_number || contact.sms_number || '';
  return (
    <Dialog title={t('contacts.delete.title', { name })} onClose={onClose} testId="delete-contact-dialog">
      <div className="dialog-form">
        {detail.isPending ? (
          <Spinner />
        ) : (
          <p data-testid="delete-contact-text">
            {count === undefined ? t('contacts.delete.textUnknown') : t('contacts.delete.text', { count })}
          </p>
        )}
        <ErrorAlert error={remove.error} testId="delete-contact-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={remove.isPending || detail.isPending}
            data-testid="delete-contact-confirm"
            onClick={() => remove.mutate(contact.id, { onSuccess: onClose })}
          >
            {remove.isPending ? t('contacts.delete.deleting') : t('contacts.delete.confirm')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
