import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { contactsApi } from '../api/contacts';
import type { ID } from '../api/types';
import { formatNumber } from '../consent/format';
import { useDebounced } from '../sandbox/useDebounced';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Spinner } from '../ui/Spinner';
import { useAddMembers } from './queries';

const SEARCH_LIMIT = 50;

/** Adds contacts from the phone book: search, tick, add. */
export function AddMembersDialog({ groupId, onClose }: { groupId: ID; onClose: () => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [chosen, setChosen] = useState<Set<ID>>(new Set());
  const add = useAddMembers(groupId);
  const results = useQuery({
    queryKey: ['contacts', 'pick', q],
    queryFn: () => contactsApi.list({ q: q || undefined }, '', null, SEARCH_LIMIT),
  });

  const toggle = (id: ID) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Dialog title={t('groups.members.addTitle')} onClose={onClose} testId="add-members-dialog">
      <div className="dialog-form">
        <label className="field">
          <span>{t('groups.members.search')}</span>
          <input
            type="search"
            autoComplete="off"
            data-testid="add-members-search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        {results.isPending ? (
          <Spinner />
        ) : results.isError ? (
          <ErrorAlert error={results.error} />
        ) : results.data.items.length === 0 ? (
          <p className="muted" data-testid="add-members-none">
            {t('groups.members.noMatches')}
          </p>
        ) : (
          <ul className="pick-list" data-testid="add-members-results" aria-label={t('groups.members.results')}>
            {results.data.items.map((c) => {
              const numbers = [c.whatsapp_number, c.sms_number].filter((n): n is string => !!n);
              return (
                <li key={c.id}>
                  <label className="pick-item">
                    <input
                      type="checkbox"
                      data-testid={`add-member-${c.id}`}
                      checked={chosen.has(c.id)}
                      onChange={() => toggle(c.id)}
                    />
                    <span className="pick-name">{c.display_name || c.name || numbers[0]}</span>
                    <span className="muted">{[...new Set(numbers)].map(formatNumber).join(' · ')}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        <ErrorAlert error={add.error} testId="add-members-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={chosen.size === 0 || add.isPending}
            data-testid="add-members-submit"
            onClick={() => add.mutate({ contact_ids: [...chosen] }, { onSuccess: onClose })}
          >
            {add.isPending ? t('groups.members.adding') : t('groups.members.addCount', { count: chosen.size })}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
