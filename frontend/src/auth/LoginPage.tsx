import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { LanguageSelect } from '../shell/LanguageSelect';
import { FullPageSpinner } from '../shell/FullPage';
import { ErrorAlert } from '../ui/ErrorAlert';
import { fieldErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { Logo } from '../shell/Logo';
import { useLogin, useMe } from './session';

/** Where to go after signing in: back to the page that asked, else home. */
function targetAfterLogin(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fields = fieldErrors(login.error);

  if (me.isPending) return <FullPageSpinner />;
  if (me.data && !login.isPending) return <Navigate to={targetAfterLogin(location.state)} replace />;

  function submit(event: FormEvent) {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => navigate(targetAfterLogin(location.state), { replace: true }) },
    );
  }

  return (
    <div className="login-page">
      <div className="login-card">
        <div className="login-brand">
          <Logo />
          <span className="login-tagline">{t('app.tagline')}</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <form onSubmit={submit} className="form-stack">
          <ErrorAlert error={login.error} testId="login-error" />
          <Field label={t('login.email')} error={fields.email}>
            {(control) => (
              <input
                {...control}
                type="email"
                name="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('login.password')} error={fields.password}>
            {(control) => (
              <input
                {...control}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={login.isPending}
            data-testid="login-submit"
          >
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
      <div className="login-footer">
        <LanguageSelect />
      </div>
    </div>
  );
}
