import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MapPin, X } from 'lucide-react';
import { SAMPLE_LOCATIONS } from './samples';

export interface LocationInput {
  latitude: number;
  longitude: number;
  place: string;
}

interface LocationFormProps {
  sending: boolean;
  /** The server's messages for latitude and longitude. */
  errors: { latitude?: string; longitude?: string };
  onSend: (location: LocationInput) => void;
  onCancel: () => void;
}

function parseCoordinate(raw: string): number | null {
  const value = Number(raw.trim().replace(',', '.'));
  return raw.trim() !== '' && Number.isFinite(value) ? value : null;
}

/** The share-location sheet: coordinates and a place name, or a sample place. */
export function LocationForm({ sending, errors, onSend, onCancel }: LocationFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const sample = SAMPLE_LOCATIONS[0];
  const [sampleIndex, setSampleIndex] = useState(0);
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  const [place, setPlace] = useState('');
  const [local, setLocal] = useState<{ latitude?: string; longitude?: string }>({});

  function fillSample() {
    const next = SAMPLE_LOCATIONS[sampleIndex % SAMPLE_LOCATIONS.length]!;
    setSampleIndex((i) => i + 1);
    setLatitude(String(next.latitude));
    setLongitude(String(next.longitude));
    setPlace(next.place);
    setLocal({});
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // Both coordinates empty: the sample place shown in the placeholders.
    if (latitude.trim() === '' && longitude.trim() === '') {
      onSend({ latitude: sample.latitude, longitude: sample.longitude, place: place.trim() || sample.place });
      return;
    }
    const lat = parseCoordinate(latitude);
    const lon = parseCoordinate(longitude);
    const problems = {
      latitude: lat === null ? t('sandbox.location.notANumber') : undefined,
      longitude: lon === null ? t('sandbox.location.notANumber') : undefined,
    };
    setLocal(problems);
    if (lat !== null && lon !== null) onSend({ latitude: lat, longitude: lon, place: place.trim() });
  }

  const latError = local.latitude ?? errors.latitude;
  const lonError = local.longitude ?? errors.longitude;
  return (
    <form className="phone-sheet" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="phone-location-form">
      <div className="phone-sheet-head">
        <h3 id={`${id}-title`}>
          <MapPin size={16} aria-hidden="true" />
          {t('sandbox.location.title')}
        </h3>
        <button type="button" className="phone-icon-button" aria-label={t('common.close')} onClick={onCancel}>
          <X size={18} />
        </button>
      </div>
      <div className="phone-sheet-grid">
        <div className="phone-field">
          <label htmlFor={`${id}-lat`}>{t('sandbox.location.latitude')}</label>
          <input
            id={`${id}-lat`}
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(sample.latitude)}
            value={latitude}
            aria-invalid={latError ? true : undefined}
            aria-describedby={latError ? `${id}-lat-error` : undefined}
            onChange={(e) => setLatitude(e.target.value)}
          />
          {latError && (
            <p className="phone-field-error" id={`${id}-lat-error`}>
              {latError}
            </p>
          )}
        </div>
        <div className="phone-field">
          <label htmlFor={`${id}-lon`}>{t('sandbox.location.longitude')}</label>
          <input
            id={`${id}-lon`}
            inputMode="decimal"
            autoComplete="off"
            placeholder={String(sample.longitude)}
            value={longitude}
            aria-invalid={lonError ? true : undefined}
            aria-describedby={lonError ? `${id}-lon-error` : undefined}
            onChange={(e) => setLongitude(e.target.value)}
          />
          {lonError && (
            <p className="phone-field-error" id={`${id}-lon-error`}>
              {lonError}
            </p>
          )}
        </div>
        <div className="phone-field phone-sheet-full">
          <label htmlFor={`${id}-place`}>{t('sandbox.location.place')}</label>
          <input
            id={`${id}-place`}
            autoComplete="off"
            placeholder={sample.place}
            value={place}
            onChange={(e) => setPlace(e.target.value)}
          />
        </div>
      </div>
      <p className="phone-sheet-hint">{t('sandbox.location.hint')}</p>
      <div className="phone-sheet-actions">
        <button type="button" className="button button-small" onClick={fillSample}>
          {t('sandbox.location.sample')}
        </button>
        <button
          type="submit"
          className="button button-small phone-primary"
          disabled={sending}
          data-testid="phone-location-send"
        >
          {t('sandbox.location.send')}
        </button>
      </div>
    </form>
  );
}
