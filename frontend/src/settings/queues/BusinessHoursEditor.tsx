import { useTranslation } from 'react-i18next';
import { Plus, X } from 'lucide-react';
import { DAY_KEYS, type DayKey, type TimeSpan } from '../../api/routing';
import { timezoneOptions, type HoursDraft, type SpanProblem } from './hours';

interface BusinessHoursEditorProps {
  draft: HoursDraft;
  onChange: (draft: HoursDraft) => void;
  /** Problems keyed "mon.0", from the local check or the server. */
  problems: Record<string, SpanProblem | string>;
  timezoneError?: string;
}

const NEW_SPAN: TimeSpan = ['09:00', '17:00'];

/** Opening hours per weekday (several intervals a day) in a time zone, or always open. */
export function BusinessHoursEditor({ draft, onChange, problems, timezoneError }: BusinessHoursEditorProps) {
  const { t } = useTranslation();

  function setDay(day: DayKey, spans: TimeSpan[]) {
    onChange({ ...draft, days: { ...draft.days, [day]: spans } });
  }

  function problemText(problem: string) {
    return problem === 'format' || problem === 'order' || problem === 'overlap'
      ? t(`routing.hours.problems.${problem}`)
      : problem;
  }

  return (
    <fieldset className="hours-editor" data-testid="hours-editor">
      <legend>{t('routing.hours.title')}</legend>
      <label className="checkbox-row">
        <input
          type="checkbox"
          data-testid="hours-enabled"
          checked={draft.enabled}
          onChange={(e) => onChange({ ...draft, enabled: e.target.checked })}
        />
        <span>{t('routing.hours.limit')}</span>
      </label>
      {!draft.enabled ? (
        <p className="muted">{t('routing.hours.alwaysOpen')}</p>
      ) : (
        <>
          <div className={timezoneError ? 'field field-invalid hours-timezone' : 'field hours-timezone'}>
            <label htmlFor="hours-timezone">{t('routing.hours.timezone')}</label>
            <select
              id="hours-timezone"
              data-testid="hours-timezone"
              value={draft.timezone}
              aria-invalid={timezoneError ? true : undefined}
              onChange={(e) => onChange({ ...draft, timezone: e.target.value })}
            >
              {timezoneOptions(draft.timezone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
            {timezoneError && <p className="field-error">{timezoneError}</p>}
          </div>
          <ul className="hours-days">
            {DAY_KEYS.map((day) => {
              const spans = draft.days[day];
              return (
                <li key={day} className="hours-day" data-testid={`hours-day-${day}`}>
                  <span className="hours-day-name">{t(`routing.days.${day}`)}</span>
                  <div className="hours-spans">
                    {spans.length === 0 && <span className="muted hours-closed">{t('routing.hours.closed')}</span>}
                    {spans.map(([from, to], i) => {
                      const problem = problems[`${day}.${i}`];
                      const label = t(`routing.days.${day}`);
                      const update = (span: TimeSpan) =>
                        setDay(
                          day,
                          spans.map((s, j) => (j === i ? span : s)),
                        );
                      return (
                        <div key={i} className={problem ? 'hours-span invalid' : 'hours-span'}>
                          <input
                            type="time"
                            aria-label={t('routing.hours.from', { day: label })}
                            data-testid={`hours-from-${day}-${i}`}
                            value={from}
                            aria-invalid={problem ? true : undefined}
                            onChange={(e) => update([e.target.value, to])}
                          />
                          <span aria-hidden="true">–</span>
                          <input
                            type="time"
                            aria-label={t('routing.hours.to', { day: label })}
                            data-testid={`hours-to-${day}-${i}`}
                            value={to}
                            aria-invalid={problem ? true : undefined}
                            onChange={(e) => update([from, e.target.value])}
                          />
                          <button
                            type="button"
                            className="icon-button icon-button-small"
                            aria-label={t('routing.hours.remove', { day: label })}
                            title={t('routing.hours.remove', { day: label })}
                            data-testid={`hours-remove-${day}-${i}`}
                            onClick={() =>
                              setDay(
                                day,
                                spans.filter((_, j) => j !== i),
                              )
                            }
                          >
                            <X size={15} aria-hidden="true" />
                          </button>
                          {problem && (
                            <p className="field-error hours-problem" role="alert">
                              {problemText(problem)}
                            </p>
                          )}
                        </div>
                      );
                    })}
                  </div>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    data-testid={`hours-add-${day}`}
                    onClick={() => {
                      const last = spans[spans.length - 1];
                      // A second interval starts where the last one ends.
                      setDay(day, [...spans, last ? [last[1], '23:59'] : [...NEW_SPAN]]);
                    }}
                  >
                    <Plus size={14} aria-hidden="true" />
                    {t('routing.hours.add')}
                  </button>
                </li>
              );
            })}
          </ul>
          <p className="field-hint">{t('routing.hours.hint')}</p>
        </>
      )}
    </fieldset>
  );
}
