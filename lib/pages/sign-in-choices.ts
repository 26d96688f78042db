import 'server-only';
import { config } from '@/lib/config';
import { ssoButtons } from '@/lib/auth/sso-providers';

/** What the sign-in page offers: a button per provider, and the password form unless HOSTWATCH_PASSWORD_LOGIN=false. */
export function signInChoices(): { password: boolean; providers: { id: string; name: string }[] } {
  const { sso } = config();
  return { password: sso.passwordLogin, providers: ssoButtons(sso) };
}
