/**
 * Stands in for box-ui-elements' PreviewHeader inside ContentPreview (swapped
 * in by next.config.js). Easel shows the file name in its own title bar, so
 * this header only carries Download and Print, wired to ContentPreview's own
 * handlers (which call the Preview library's download() and print()), and only
 * for tokens with item_download. Box's header also lazy-loads Box AI and
 * "Open with", which Easel doesn't use.
 */
interface PreviewActionsHeaderProps {
  canDownload?: boolean;
  canPrint?: boolean;
  file?: { name?: string };
  onDownload?: () => void;
  onPrint?: () => void;
}

const DOWNLOAD_ICON = 'M11 4h2v8.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM5 18h14v2H5z';
const PRINT_ICON = 'M7 3h10v4h2a2 2 0 0 1 2 2v7h-4v4H7v-4H3V9a2 2 0 0 1 2-2h2zm2 2v2h6V5zm0 10v3h6v-3zm-4-6v5h2v-1h10v1h2V9z';

function Icon({ path }: { path: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path} />
    </svg>
  );
}

export default function PreviewActionsHeader({ canDownload, canPrint, file, onDownload, onPrint }: PreviewActionsHeaderProps) {
  if (!canDownload) return null;
  const name = file?.name ?? 'file';
  return (
    <div className="bcpr-PreviewHeader easel-preview-actions">
      <button type="button" className="easel-preview-action" onClick={() => onDownload?.()} aria-label={`Download ${name}`}>
        <Icon path={DOWNLOAD_ICON} />
        Download
      </button>
      {canPrint ? (
        <button type="button" className="easel-preview-action" onClick={() => onPrint?.()} aria-label={`Print ${name}`}>
          <Icon path={PRINT_ICON} />
          Print
        </button>
      ) : null}
    </div>
  );
}
