import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Upload, UsersRound } from 'lucide-react';
import { IMPORT_FIELDS, type AttributeDef, type ImportPreview, type ImportTarget } from '../api/contacts';
import type { ID } from '../api/types';
import { Dialog } from '../templates/Dialog';
import { ErrorAlert } from '../ui/ErrorAlert';
import { FormActions } from '../ui/FormActions';
import { useAttributes, usePreviewImport, useStartImport } from './queries';

interface ImportWizardProps {
  onClose: () => void;
  /** The import is queued on the server; its progress is shown on the page. */
  onStarted: (id: ID) => void;
  /** Import into this group: every valid row's contact joins it. */
  groupId?: ID;
  /** The group's name, shown in the wizard. */
  groupName?: string;
}

/** Upload → preview and mapping of each column → options → start. */
export function ImportWizard({ onClose, onStarted, groupId, groupName }: ImportWizardProps) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const preview = usePreviewImport();
  const attributes = useAttributes();
  const name = groupName ?? (groupId !== undefined ? `#${groupId}` : '');
  const groupHint = groupId !== undefined && (
    <p className="import-group" data-testid="import-group">
      <UsersRound size={16} aria-hidden="true" />
      <span>{t('contacts.import.groupHint', { name })}</span>
    </p>
  );

  return (
    <Dialog
      title={groupId !== undefined ? t('contacts.import.titleGroup', { name }) : t('contacts.import.title')}
      onClose={onClose}
      testId="import-wizard"
      wide
    >
      {preview.data && file ? (
        <MappingStep
          file={file}
          preview={preview.data}
          attributes={attributes.data ?? []}
          groupId={groupId}
          groupHint={groupHint}
          onBack={() => preview.reset()}
          onStarted={onStarted}
        />
      ) : (
        <form
          className="dialog-form"
          data-testid="import-upload"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (file) preview.mutate(file);
          }}
        >
          <p className="muted">{t('contacts.import.uploadHint')}</p>
          {groupHint}
          <label className="import-file">
            <Upload size={18} aria-hidden="true" />
            <span>{file ? file.name : t('contacts.import.chooseFile')}</span>
            <input
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              data-testid="import-file"
              aria-label={t('contacts.import.chooseFile')}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                preview.reset();
              }}
            />
          </label>
          <ErrorAlert error={preview.error} testId="import-preview-error" />
          <FormActions
            onCancel={onClose}
            pending={preview.isPending}
            disabled={!file}
            pendingLabel={t('contacts.import.reading')}
            submitLabel={t('contacts.import.next')}
            submitTestId="import-preview"
          />
        </form>
      )}
    </Dialog>
  );
}

/** The targets a column can be mapped to. */
function targets(attributes: AttributeDef[]): ImportTarget[] {
  return ['ignore', ...IMPORT_FIELDS, ...attributes.map((a) => `attr.${a.key}`)];
}

interface MappingStepProps {
  file: File;
  preview: ImportPreview;
  attributes: AttributeDef[];
  groupId?: ID;
  /** Says which group the contacts join. */
  groupHint: ReactNode;
  onBack: () => void;
  onStarted: (id: ID) => void;
}

function MappingStep({ file, preview, attributes, groupId, groupHint, onBack, onStarted }: MappingStepProps) {
  const { t } = useTranslation();
  const start = useStartImport();
  const [mapping, setMapping] = useState<Record<string, ImportTarget>>(() =>
    Object.fromEntries(preview.headers.map((h) => [h, preview.suggested_mapping[h] ?? 'ignore'])),
  );
  const [updateExisting, setUpdateExisting] = useState(true);
  const options = targets(attributes);
  const hasNumber = Object.values(mapping).some((v) => v === 'sms_number' || v === 'whatsapp_number');
  const targetLabel = (target: ImportTarget) => {
    if (target.startsWith('attr.')) {
      const def = attributes.find((a) => `attr.${a.key}` === target);
      return t('contacts.import.attribute', { label: def?.label ?? target.slice(5) });
    }
    return t(`contacts.import.fields.${target}` as 'contacts.import.fields.ignore');
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    start.mutate({ file, options: { mapping, updateExisting, groupId } }, { onSuccess: (res) => onStarted(res.id) });
  }

  return (
    <form className="dialog-form" onSubmit={submit} data-testid="import-mapping">
      <p className="muted" data-testid="import-detected">
        {t('contacts.import.detected', {
          format: preview.format.toUpperCase(),
          delimiter: preview.delimiter === '\t' ? 'Tab' : (preview.delimiter ?? '—'),
          encoding: preview.encoding ?? '—',
        })}
      </p>
      <div className="table-wrap import-preview-table">
        <table className="table">
          <thead>
            <tr>
              {preview.headers.map((header, i) => (
                <th key={`${header}-${i}`} scope="col">
                  <span className="import-header">{header}</span>
                  <select
                    className="select-compact"
                    aria-label={t('contacts.import.mapColumn', { column: header })}
                    data-testid={`import-map-${header}`}
                    value={mapping[header] ?? 'ignore'}
                    onChange={(e) => setMapping((m) => ({ ...m, [header]: e.target.value }))}
                  >
                    {options.map((o) => (
                      <option key={o} value={o}>
                        {targetLabel(o)}
                      </option>
                    ))}
                  </select>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>
                {preview.headers.map((_, c) => (
                  <td key={c}>{row[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {groupHint}
      {!hasNumber && (
        <p className="field-error" data-testid="import-no-number">
          {t('contacts.import.needsNumber')}
        </p>
      )}
      <fieldset className="import-options">
        <legend>{t('contacts.import.existing')}</legend>
        <label>
          <input
            type="radio"
            name="update_existing"
            checked={updateExisting}
            data-testid="import-update-existing"
            onChange={() => setUpdateExisting(true)}
          />
          {t('contacts.import.update')}
        </label>
        <label>
          <input
            type="radio"
            name="update_existing"
            checked={!updateExisting}
            data-testid="import-skip-existing"
            onChange={() => setUpdateExisting(false)}
          />
          {t('contacts.import.skip')}
        </label>
      </fieldset>
      <ErrorAlert error={start.error} testId="import-start-error" />
      <FormActions
        onCancel={onBack}
        pending={start.isPending}
        disabled={!hasNumber}
        pendingLabel={t('contacts.import.starting')}
        submitLabel={t('contacts.import.start')}
        submitTestId="import-start"
      />
    </form>
  );
}
