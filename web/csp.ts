// The staff console's security headers and Content-Security-Policy, one definition for CloudFront's response headers
// policy and the local server: scripts, styles and fonts only from the console's own origin (no
// inline code anywhere), data only from the API, the uploads bucket and the sign-in service.
export function consoleCsp(connectSources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The response headers of every console file (CloudFront adds HSTS itself, on HTTPS only). */
export function consoleHeaders(connectSources: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(connectSources),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}
