import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { AuthState } from '../app/desk-state.js';
import type { SsoProvider } from '../auth/login-api.js';
import { errorText } from '../i18n/error-text.js';
import { Field } from './field.js';

/**
 * Email and password; Enter submits; and a button for each single sign-on provider. Errors are
 * announced and focus stays in the form.
 */
export function LoginScreen({
  auth,
  sso,
}: {
  auth: Extract<AuthState, { status: 'out' }>;
  /** Single sign-on buttons, under the form. */
  sso: SsoProvider[];
}) {
  const { t, commands } = useDesk();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailInput = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    emailInput.current?.focus();
    commands.loadSsoProviders();
  }, [commands]);

  return (
    <main class="login">
      <form
        class="login__card"
        aria-labelledby={`${id}-title`}
        onSubmit={(event) => {
          event.preventDefault();
          if (!auth.busy) commands.login(email, password);
        }}
      >
        <h1 id={`${id}-title`} class="login__title">
          {t('app.name')}
        </h1>
        <p class="login__intro">{t('login.intro')}</p>
        {auth.error ? (
          <p class="login__error" role="alert">
            {errorText(auth.error, t)}
          </p>
        ) : null}
        <Field id={`${id}-email`} label={t('login.email')}>
          <input
            id={`${id}-email`}
            ref={emailInput}
            class="field__input"
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </Field>
        <Field id={`${id}-password`} label={t('login.password')}>
          <input
            id={`${id}-password`}
            class="field__input"
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button button--primary" disabled={auth.busy}>
          {auth.busy ? t('login.busy') : t('login.submit')}
        </button>
        {sso.length > 0 ? (
          <>
            <p class="login__or">{t('login.or')}</p>
            {sso.map((provider) => (
              // A plain link: the browser leaves for the provider and comes back to /desk/.
              <a key={provider.id} class="button login__sso" href={provider.start}>
                {provider.label}
              </a>
            ))}
          </>
        ) : null}
      </form>
    </main>
  );
}
