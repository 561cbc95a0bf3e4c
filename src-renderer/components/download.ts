/** Hands an export made in the page to the browser (the desktop app asks where to save it). */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `202503011000`: the minute an export was made, for its file name. */
export function exportStamp(at = new Date()): string {
  return at.toISOString().slice(0, 16).replace(/[-:T]/g, '');
}
