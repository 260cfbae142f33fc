// Sign-in. In AWS: the Cognito hosted login (authorization code + PKCE, oidc-client-ts, loaded only
// there), the ID token as bearer. Locally (CONTRACT §7): a field `Mã truy cập` for the fixed
// tokens of §5, kept in sessionStorage, which the local server tells the caller of.
import { callerFromClaims, type Caller } from '#domain/access.ts';
import { ApiError, type Session } from './api.ts';

export type ConsoleConfig =
  | { auth: 'local'; apiUrl?: string }
  | { auth: 'cognito'; apiUrl: string; authority: string; clientId: string; domain: string };

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`Không đọc được cấu hình (config.json: ${response.status})`);
  return (await response.json()) as ConsoleConfig;
}

const TOKEN_KEY = 'cchc.localToken';

const ROLE_NAMES: Record<Caller['role'], string> = { staff: 'Cán bộ', leader: 'Lãnh đạo', clerk: 'Văn thư', province: 'Cấp tỉnh', admin: 'Quản trị' };

const labelOf = (caller: Caller, name?: string) => `${name ? `${name} · ` : ''}${ROLE_NAMES[caller.role]}${caller.agencyId ? ` · ${caller.agencyId}` : ''}`;

/** Checks a local token with the local server; ApiError 401 when it is not one of §5's. */
export async function localSignIn(apiUrl: string, token: string): Promise<Session> {
  const response = await fetch(`${apiUrl}/local/caller`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status === 401) throw new ApiError(401, 'unauthorized', 'Mã truy cập không đúng.');
  if (!response.ok) throw new ApiError(response.status, 'error', `Máy chủ trả lời ${response.status}`);
  const caller = (await response.json()) as Caller;
  sessionStorage.setItem(TOKEN_KEY, token);
  return {
    apiUrl,
    caller,
    label: labelOf(caller),
    token: async () => token,
    signOut: async () => sessionStorage.removeItem(TOKEN_KEY),
  };
}

/** The session already open in this tab, if any (a reload keeps it; a new tab signs in again). */
export async function resumeSession(config: ConsoleConfig): Promise<Session | undefined> {
  if (config.auth === 'local') {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return undefined;
    try {
      return await localSignIn(config.apiUrl ?? '', token);
    } catch {
      sessionStorage.removeItem(TOKEN_KEY);
      return undefined;
    }
  }
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}/`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  const query = new URLSearchParams(window.location.search);
  if (query.has('code') && query.has('state')) {
    await manager.signinRedirectCallback();
    // The code must not stay in the address bar or the history.
    window.history.replaceState(null, '', '/');
  }
  let user = await manager.getUser();
  if (!user || user.expired) {
    await manager.signinRedirect();
    return undefined;
  }
  const caller = callerFromClaims(user.profile as Record<string, unknown>);
  return {
    apiUrl: config.apiUrl,
    caller,
    label: labelOf(caller, typeof user.profile.email === 'string' ? user.profile.email : undefined),
    async token() {
      if (user!.expired) user = await manager.signinSilent().catch(() => null);
      if (!user) {
        await manager.signinRedirect();
        throw new ApiError(401, 'unauthorized', 'Phiên đăng nhập đã hết hạn.');
      }
      return user.id_token!;
    },
    async signOut() {
      await manager.removeUser();
      // Cognito's hosted UI has no end_session_endpoint in its discovery document: its own logout URL.
      window.location.assign(`${config.domain}/logout?client_id=${encodeURIComponent(config.clientId)}&logout_uri=${encodeURIComponent(`${origin}/`)}`);
    },
  };
}
