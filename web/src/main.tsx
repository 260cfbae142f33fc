// The staff console: configuration, sign-in, then the app.
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, messageOf, type Session } from './api.ts';
import { App } from './app.tsx';
import { loadConfig, localSignIn, resumeSession, type ConsoleConfig } from './auth.ts';
import { ErrorText } from './ui.tsx';
import './app.css';

function LocalSignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (s: Session) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget as HTMLFormElement).get('token') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await localSignIn(config.apiUrl ?? '', token));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="signin">
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Báo cáo cải cách hành chính</h1>
        <p class="muted">Chế độ chạy thử trên máy: đăng nhập bằng mã truy cập.</p>
        <label for="token">Mã truy cập</label>
        <input id="token" name="token" type="password" autoComplete="off" required aria-describedby={error ? 'signin-error' : undefined} />
        <ErrorText error={error} id="signin-error" />
        <button type="submit" class="primary" disabled={busy}>
          Đăng nhập
        </button>
      </form>
    </main>
  );
}

function Root({ config, initial }: { config: ConsoleConfig; initial?: Session }) {
  const [session, setSession] = useState(initial);
  if (!session) return <LocalSignIn config={config} onSignedIn={setSession} />;
  return (
    <App
      session={session}
      onSignOut={async () => {
        await session.signOut();
        setSession(undefined);
      }}
    />
  );
}

const root = document.getElementById('app')!;
// Preact adds to what is there: the boot message goes first.
root.textContent = '';
try {
  const config = await loadConfig();
  const session = await resumeSession(config);
  // Cognito: no session means the browser is on its way to the hosted login.
  if (session || config.auth === 'local') render(<Root config={config} initial={session} />, root);
} catch (error) {
  render(<ErrorText error={`Không mở được bàn làm việc: ${messageOf(error)}`} />, root);
}
