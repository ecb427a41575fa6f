import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Paperclip, Plus, Search } from 'lucide-react';
import { cannedAttachmentURL, type CannedResponse } from '../../api/desk';
import { useCan } from '../../auth/session';
import { useCannedList, useCreateCanned, useDeleteCanned, useUpdateCanned } from '../../canned/queries';
import { ConfirmAction } from '../../ui/ConfirmAction';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { ResourceList, noItems } from '../../ui/ResourceList';
import { SectionHeader } from '../../ui/SectionHeader';
import { CannedForm } from './CannedForm';
import { placeholderToken } from './placeholders';
import './cannedPage.css';

/** Settings → Canned responses: saved replies agents insert with "/shortcode". */
export function CannedPage() {
  const { t } = useTranslation();
  const canWrite = useCan('canned:write');
  const list = useCannedList();
  const create = useCreateCanned();
  const update = useUpdateCanned();
  const remove = useDeleteCanned();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [filter, setFilter] = useState('');

  const term = filter.trim().toLowerCase().replace(/^\//, '');
  const rows = (list.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (c) => !term || c.shortcode.includes(term) || c.text.toLowerCase().includes(term),
  );

  return (
    <div className="stack">
      <SectionHeader
        title={t('canned.title')}
        description={t('canned.description')}
        action={
          canWrite &&
          !creating && (
            <button
              type="button"
              className="button button-primary"
              data-testid="new-canned"
              onClick={() => {
                create.reset();
                setCreating(true);
                setEditing(null);
              }}
            >
              <Plus size={16} aria-hidden="true" />
              {t('canned.create')}
            </button>
          )
        }
      />

      {creating && (
        <CannedForm
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={({ canned, file }) => create.mutate({ canned, file }, { onSuccess: () => setCreating(false) })}
        />
      )}
      <ErrorAlert error={remove.error} />

      <label className="canned-search">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">{t('canned.search')}</span>
        <input
          type="search"
          placeholder={t('canned.search')}
          value={filter}
          data-testid="canned-search"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>

      <ResourceList
        query={{ isPending: list.isPending, isError: list.isError, error: list.error, data: rows }}
        isEmpty={noItems}
        empty={term ? t('canned.noMatch') : t('canned.empty')}
        emptyTestId="canned-empty"
      >
        {(items) => (
          <ul className="canned-list" data-testid="canned-list">
            {items.map((canned) =>
              editing === canned.id ? (
                <li key={canned.id}>
                  <CannedForm
                    canned={canned}
                    pending={update.isPending}
                    error={update.error}
                    onCancel={() => setEditing(null)}
                    onSubmit={({ canned: change, file, removeFile }) =>
                      update.mutate({ id: canned.id, change, file, removeFile }, { onSuccess: () => setEditing(null) })
                    }
                  />
                </li>
              ) : (
                <CannedRow
                  key={canned.id}
                  canned={canned}
                  canWrite={canWrite}
                  deleting={remove.isPending && remove.variables === canned.id}
                  onEdit={() => {
                    update.reset();
                    setEditing(canned.id);
                    setCreating(false);
                  }}
                  onDelete={() => remove.mutate(canned.id)}
                />
              ),
            )}
          </ul>
        )}
      </ResourceList>
      {list.hasNextPage && (
        <button
          type="button"
          className="button button-small"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

interface CannedRowProps {
  canned: CannedResponse;
  canWrite: boolean;
  deleting: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function CannedRow({ canned, canWrite, deleting, onEdit, onDelete }: CannedRowProps) {
  const { t } = useTranslation();
  return (
    <li className="canned-row" data-testid={`canned-row-${canned.shortcode}`}>
      <div className="canned-row-head">
        <code className="canned-row-code">/{canned.shortcode}</code>
        {canned.placeholders.length > 0 && (
          <span className="canned-row-placeholders">
            {canned.placeholders.map((p) => (
              <span key={p} className="badge canned-code">
                {placeholderToken(p)}
              </span>
            ))}
          </span>
        )}
        {canWrite && (
          <ConfirmAction
            className="canned-row-actions"
            trigger={t('canned.delete')}
            triggerTestId="canned-delete"
            confirmLabel={t('canned.confirmDelete')}
            confirmTestId="canned-delete-confirm"
            busy={deleting}
            onConfirm={onDelete}
          >
            <button type="button" className="button button-small" data-testid="canned-edit" onClick={onEdit}>
              {t('canned.edit')}
            </button>
          </ConfirmAction>
        )}
      </div>
      <p className="canned-row-text">{canned.text}</p>
      {canned.attachment && (
        <a className="canned-row-file" href={cannedAttachmentURL(canned.id)} target="_blank" rel="noreferrer">
          <Paperclip size={14} aria-hidden="true" />
          {canned.attachment.filename}
        </a>
      )}
    </li>
  );
}
