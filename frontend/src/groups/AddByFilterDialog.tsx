import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { contactsApi, type ContactFilter } from '../api/contacts';
import type { ID } from '../api/types';
import { ContactFilters, hasFilters } from '../contacts/ContactFilters';
import { useDebounced } from '../sandbox/useDebounced';
import { Dialog } from '../templates/Dialog';
import { Alert } from '../ui/Alert';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { useAddMembers } from './queries';
import '../contacts/contacts.css';
import './groups.css';

/** How many matching contacts the dialog names, so the filter can be checked before adding. */
const PREVIEW_LIMIT = 5;

/** Adds every phone-book contact the contacts page's filters match. */
export function AddByFilterDialog({ groupId, onClose }: { groupId: ID; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [filterState, setFilterState] = useState<ContactFilter>({});
  const filter = useMemo(() => ({ ...filterState, q: q || undefined }), [filterState, q]);
  const add = useAddMembers(groupId);
  const preview = useQuery({
    queryKey: ['contacts', 'pick-filter', filter],
    queryFn: () => contactsApi.list(filter, '', null, PREVIEW_LIMIT),
  });
  const none = preview.data?.items.length === 0;

  const change = (next: ContactFilter) => {
    setFilterState(next);
    add.reset();
  };
  // What the search box says now, even before the preview has caught up.
  const submit = () => add.mutate({ filter: { ...filterState, q: search.trim() || undefined } });

  return (
    <Dialog title={t('groups.members.byFilter.title')} onClose={onClose} testId="add-by-filter-dialog" wide>
      {/* Not a form: Enter in the search box must not add the whole match. */}
      <div className="dialog-form">
        <p className="muted">{t('groups.members.byFilter.hint')}</p>
        <ContactFilters
          search={search}
          onSearch={(s) => {
            setSearch(s);
            add.reset();
          }}
          filter={filterState}
          onChange={change}
        />
        {!hasFilters(filterState) && !q && (
          <Alert tone="info" testId="add-by-filter-everyone">
            {t('groups.members.byFilter.noFilter')}
          </Alert>
        )}
        <div className="stack" aria-live="polite" data-testid="add-by-filter-preview">
          {preview.isPending ? (
            <Spinner />
          ) : preview.isError ? (
            <ErrorAlert error={preview.error} />
          ) : none ? (
            <p className="muted" data-testid="add-by-filter-none">
              {t('groups.members.noMatches')}
            </p>
          ) : (
            <>
              <p className="pick-more">{t('groups.members.byFilter.preview')}</p>
              <ul className="pick-list">
                {preview.data.items.map((c) => (
                  <li key={c.id} className="pick-item" data-testid="add-by-filter-match">
                    <span className="pick-name">
                      {c.display_name || c.name || c.whatsapp_number_formatted || c.sms_number_formatted}
                    </span>
                  </li>
                ))}
              </ul>
              {preview.data.next_cursor && <p className="muted pick-more">{t('groups.members.byFilter.more')}</p>}
            </>
          )}
        </div>
        {add.isSuccess && (
          <Alert tone="success" testId="add-by-filter-result">
            {t('groups.members.byFilter.done', { count: add.data.affected })} {t('groups.addTo.doneHint')}
          </Alert>
        )}
        <ErrorAlert error={add.error} testId="add-by-filter-error" />
        <div className="form-actions">
          {add.isSuccess ? (
            <button type="button" className="button button-primary" data-testid="add-by-filter-close" onClick={onClose}>
              {t('common.close')}
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={none || preview.isPending || add.isPending}
                data-testid="add-by-filter-submit"
                onClick={submit}
              >
                {add.isPending ? t('groups.members.adding') : t('groups.members.byFilter.submit')}
              </button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
