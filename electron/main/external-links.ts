/**
 * Which links may leave the app for the system's browser (shell.openExternal): only https, without
 * a user or password in the address, on the default port, to a host of the company's allow-list
 * (Administración › Este equipo: "www.superservicios.gov.co", or "*.gov.co" for every site under
 * that domain). Everything else is refused. No Electron here: security.ts asks this.
 */
export function allowedExternalUrl(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return hosts.some((pattern) => {
    const allowed = pattern.toLowerCase();
    if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1;
    return host === allowed;
  });
}
