import type { BoxApi } from './box-api';
import type { BoxFile } from './types';

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function originalOf(api: BoxApi, apiHost: string, file: BoxFile): Promise<Blob> {
  const bytes = await api.bytes(`${apiHost.replace(/\/+$/, '')}/2.0/files/${encodeURIComponent(file.id)}/content`);
  return new Blob([bytes]);
}

/** Downloads the original file (needs item_download, as with Box). */
export async function downloadFile(api: BoxApi, apiHost: string, file: BoxFile): Promise<void> {
  saveBlob(await originalOf(api, apiHost, file), file.name ?? `file-${file.id}`);
}

/** Prints the original through a hidden frame: the browser's PDF viewer for documents, a bare page for images. */
export async function printFile(api: BoxApi, apiHost: string, file: BoxFile, isDocument: boolean): Promise<void> {
  const bytes = await originalOf(api, apiHost, file);
  const blob = new Blob([bytes], { type: isDocument ? 'application/pdf' : 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const frame = document.createElement('iframe');
  frame.className = 'bp-print-frame';
  frame.setAttribute('aria-hidden', 'true');
  if (isDocument) {
    frame.src = url;
  } else {
    frame.srcdoc = `<!doctype html><style>html,body{margin:0}img{max-width:100%;max-height:100vh;display:block;margin:auto}</style><img src="${url}">`;
  }
  frame.addEventListener('load', () => {
    setTimeout(() => frame.contentWindow?.print(), 100);
    setTimeout(() => {
      frame.remove();
      URL.revokeObjectURL(url);
    }, 60_000);
  });
  document.body.append(frame);
}
