// Signing in, and the safe post-sign-in redirect.
export { SignInPage } from './components/SignInPage';
