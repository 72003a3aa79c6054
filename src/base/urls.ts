const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Whether a URL's hostname is this machine: the only place plain http may go (tests, the demo). */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}
