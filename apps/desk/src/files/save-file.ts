/**
 * Offers text to the agent as a file to save: a download of a Blob (the page's CSP allows it:
 * nothing is fetched), the link made for it and dropped at once.
 * @example saveFile(document, 'parley-visitor-v1.json', '{…}')
 */
export function saveFile(document: Document, name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click's task: the download has its own reference to the Blob by then.
  setTimeout(() => URL.revokeObjectURL(url));
}
