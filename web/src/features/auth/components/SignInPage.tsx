import { FirebaseError } from 'firebase/app';
import {
  GoogleAuthProvider,
  createUserWithEmailAndPassword,
  signInWithCredential,
  signInWithEmailAndPassword,
  browserPopupRedirectResolver,
  signInWithPopup,
} from 'firebase/auth';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { env } from '../../../lib/env';
import { auth } from '../../../lib/firebase';
import { useAuth } from '../../../app/AuthProvider';
import { safeNextPath } from '../next';
import { useTitle } from '../../../hooks/use-title';

const MESSAGES: Record<string, string> = {
  'auth/invalid-credential': 'The email or password is wrong.',
  'auth/user-not-found': 'No account has this email. Create one instead.',
  'auth/wrong-password': 'The email or password is wrong.',
  'auth/email-already-in-use': 'An account with this email exists. Sign in instead.',
  'auth/weak-password': 'Use a password of at least 6 characters.',
  'auth/invalid-email': 'Enter a valid email address.',
  'auth/popup-closed-by-user': 'The Google sign-in window was closed before finishing.',
};

function describe(error: unknown): string {
  if (error instanceof FirebaseError) return MESSAGES[error.code] ?? error.message;
  return String(error);
}

/**
 * The Auth emulator accepts an unsigned JSON id token for the Google provider. The popup flow
 * needs Google's gapi script, which cannot load without internet, so the emulator build signs in
 * this way; production uses signInWithPopup.
 */
function emulatedGoogleCredential(email: string) {
  const name = email.split('@')[0] ?? email;
  return GoogleAuthProvider.credential(JSON.stringify({ sub: `google-${email}`, email, email_verified: true, name }));
}

// The popup resolver comes with this page (a route of its own), not with the console's first
// route: the click must open the popup at once (browsers block popups opened after an await).
function googlePopup() {
  return signInWithPopup(auth, new GoogleAuthProvider(), browserPopupRedirectResolver);
}

export function SignInPage() {
  useTitle('Sign in');
  const { user } = useAuth();
  const [params] = useSearchParams();
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [googleEmail, setGoogleEmail] = useState<string>();
  const target = safeNextPath(params.get('next'));

  if (user) return <Navigate to={target} replace />;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() =>
      mode === 'signin'
        ? signInWithEmailAndPassword(auth, email, password)
        : createUserWithEmailAndPassword(auth, email, password),
    );
  }

  return (
    <main className="signin">
      <div className="signin-card">
        <h1>MLEbotics Plugin Marketplace</h1>
        <p className="muted">Signed, sandboxed plugins for your robots.</p>
        <form onSubmit={submit} aria-label={mode === 'signin' ? 'Sign in' : 'Create account'}>
          <label>
            Email
            <input
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
              required
              minLength={6}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="button primary" disabled={busy}>
            {mode === 'signin' ? 'Sign in' : 'Create account'}
          </button>
        </form>
        {googleEmail === undefined ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => (env.useEmulators ? setGoogleEmail('') : void run(googlePopup))}
          >
            Continue with Google
          </button>
        ) : (
          <form
            aria-label="Emulated Google account"
            onSubmit={(event) => {
              event.preventDefault();
              void run(() => signInWithCredential(auth, emulatedGoogleCredential(googleEmail)));
            }}
          >
            <p className="muted">
              Emulator mode: the Auth emulator plays Google. Enter any Google account to sign in as.
            </p>
            <label>
              Google account email
              <input type="email" required value={googleEmail} onChange={(e) => setGoogleEmail(e.target.value)} />
            </label>
            <button type="submit" className="button" disabled={busy}>
              Sign in with Google (emulated)
            </button>
          </form>
        )}
        <p className="muted">
          {mode === 'signin' ? 'New here? ' : 'Have an account? '}
          <button type="button" className="link" onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}>
            {mode === 'signin' ? 'Create an account' : 'Sign in'}
          </button>
        </p>
      </div>
    </main>
  );
}
