// The screen and what it shows live in the address's hash (`#/inventory?…`), so a reload, or a
// link, keeps them. Written without a navigation: the shell denies those.

export function writeAddress(screen: string, query: string): void {
  if (typeof window === 'undefined') return;
  history.replaceState(null, '', `#/${screen}${query ? `?${query}` : ''}`);
}

/** The address's query when the address is this screen's; null when it is another's. */
export function addressQuery(screen: string): string | null {
  if (typeof window === 'undefined') return null;
  const hash = window.location.hash;
  return hash.startsWith(`#/${screen}`) ? (hash.split('?')[1] ?? '') : null;
}
