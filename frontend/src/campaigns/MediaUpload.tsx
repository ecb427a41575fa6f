import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Paperclip, X } from 'lucide-react';
import { ErrorAlert } from '../ui/ErrorAlert';
import type { UploadedMedia } from './draft';
import { useUploadMedia } from './queries';

interface MediaUploadProps {
  label: string;
  accept?: string;
  value: UploadedMedia | null;
  onChange: (media: UploadedMedia | null) => void;
  error?: string;
  testId: string;
}

/** Uploads a file (MMS, template header) and keeps its media id. */
export function MediaUpload({ label, accept, value, onChange, error, testId }: MediaUploadProps) {
  const { t } = useTranslation();
  const id = useId();
  const upload = useUploadMedia();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {value ? (
        <p className="campaign-file" data-testid={`${testId}-done`}>
          <Paperclip size={15} aria-hidden="true" />
          <span>{value.name || t('campaigns.media.stored', { id: value.id })}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('campaigns.media.remove')}
            title={t('campaigns.media.remove')}
            onClick={() => onChange(null)}
          >
            <X size={15} aria-hidden="true" />
          </button>
        </p>
      ) : (
        <input
          id={id}
          type="file"
          accept={accept}
          data-testid={testId}
          disabled={upload.isPending}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            upload.mutate(file, { onSuccess: (res) => onChange({ id: String(res.id), name: file.name }) });
          }}
        />
      )}
      {upload.isPending && <p className="field-hint">{t('campaigns.media.uploading')}</p>}
      <ErrorAlert error={upload.error} />
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
