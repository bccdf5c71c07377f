import { AnnotationController } from './annotations/annotation-controller';
import { createBoxApi, type BoxApi } from './box-api';
import { el } from './dom';
import { Emitter } from './emitter';
import { downloadFile, printFile } from './file-actions';
import { errorView, toPreviewError } from './preview-errors';
import { contentUrlOf, pickRepresentation, viewerKindOf, whenReady, type ViewerKind } from './representations';
import { readToken } from './token';
import { Toolbar } from './toolbar';
import type { BoxFile, ShowOptions, TokenSource } from './types';
import { ImageViewer } from './viewers/image-viewer';
import { PdfViewer } from './viewers/pdf-viewer';
import { bareKey, type Viewer } from './viewers/viewer';

const DEFAULT_API_HOST = 'https://api.box.com';
const FILE_FIELDS = [
  'id', 'permissions', 'shared_link', 'sha1', 'file_version', 'name', 'size', 'extension',
  'representations', 'watermark_info', 'authenticated_download_url', 'is_download_available',
].join(',');

/**
 * Easel's stand-in for Box's `window.Box.Preview` (SDK 3.0.0 contract) used
 * in sandbox mode: same methods and events, rendering images and PDFs from
 * the sandbox's representations, with point annotations.
 */
export class Preview extends Emitter {
  private readonly fileCache = new Map<string, BoxFile>();
  private tokenSource: TokenSource = '';
  private options: ShowOptions = {};
  private fileId: string | undefined;
  private file: BoxFile | undefined;
  private kind: ViewerKind | undefined;
  private api: BoxApi | undefined;
  private root: HTMLDivElement | undefined;
  private viewer: Viewer | undefined;
  private toolbar: Toolbar | undefined;
  private annotations: AnnotationController | undefined;
  private live: HTMLDivElement | undefined;
  private generation = 0;
  private destroyed = false;

  constructor(private readonly assetBase: string) {
    super();
  }

  updateFileCache(files: BoxFile[] = []): void {
    for (const file of files) if (file?.id) this.fileCache.set(file.id, file);
  }

  prefetch(): void {
    // Nothing to warm up: the sandbox is local.
  }

  show(fileId: string, token: TokenSource, options: ShowOptions = {}): void {
    this.fileId = String(fileId);
    this.tokenSource = token;
    this.options = options;
    this.destroyed = false;
    void this.load();
  }

  updateToken(token: TokenSource, reload = false): void {
    this.tokenSource = token;
    if (reload && this.fileId) void this.load();
  }

  getCurrentViewer(): Viewer | undefined {
    return this.viewer;
  }

  getCurrentFile(): BoxFile | undefined {
    return this.file;
  }

  canPrint(): boolean {
    return this.canDownload();
  }

  resize(): void {
    this.viewer?.resize();
  }

  download(): void {
    if (this.api && this.file && this.canDownload()) void downloadFile(this.api, this.apiHost(), this.file).catch(this.reportActionError);
  }

  print(): void {
    if (this.api && this.file && this.canDownload()) {
      void printFile(this.api, this.apiHost(), this.file, this.kind === 'document').catch(this.reportActionError);
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.generation += 1;
    this.teardown();
  }

  private apiHost(): string {
    return typeof this.options.apiHost === 'string' && this.options.apiHost ? this.options.apiHost : DEFAULT_API_HOST;
  }

  private canDownload(): boolean {
    return this.options.showDownload === true && this.file?.permissions?.can_download === true;
  }

  private containerElement(): HTMLElement | null {
    const { container } = this.options;
    if (container instanceof HTMLElement) return container;
    return document.querySelector<HTMLElement>(typeof container === 'string' ? container : 'body');
  }

  private teardown(): void {
    this.annotations?.destroy();
    this.viewer?.destroy();
    this.root?.remove();
    this.annotations = undefined;
    this.viewer = undefined;
    this.toolbar = undefined;
    this.root = undefined;
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const isCurrent = () => generation === this.generation && !this.destroyed;
    const fileId = this.fileId!;
    const started = performance.now();
    this.teardown();
    const container = this.containerElement();
    if (!container) return;
    this.live = el('div', { class: 'bp-live', 'aria-live': 'polite' });
    this.root = el('div', { class: 'bp', 'data-testid': 'bp-root' }, [this.live]);
    container.append(this.root);
    let loaded = false;
    // Box refusing the token after load (a revoked token) is reported like a load failure,
    // so the host can renew it; the view stays, and the next request asks for the token again.
    this.api = createBoxApi(this.apiHost(), () => readToken(this.tokenSource, fileId), (error) => {
      if (loaded && isCurrent()) this.emit('preview_error', { error: toPreviewError(error) });
    });
    try {
      const file = await this.loadFile(fileId);
      if (!isCurrent()) return;
      this.file = file;
      this.viewer = this.createViewer(file);
      await this.viewer.load();
      if (!isCurrent()) return;
      this.mountControls(file);
      const elapsed = Math.round(performance.now() - started);
      this.emit('load', { file, metrics: { time: { conversion: 0, rendering: elapsed, total: elapsed } } });
      this.emit('preview_metric', { event_name: 'load', value: elapsed, file_id: file.id, extension: file.extension ?? '' });
      loaded = true;
    } catch (error) {
      if (!isCurrent()) return;
      const info = toPreviewError(error);
      this.viewer?.destroy();
      this.viewer = undefined;
      this.root?.append(errorView(info));
      this.emit('preview_error', { error: info });
      return;
    }
    // Comments are extra: the artwork stays on screen if they can't be listed.
    const listed = await this.annotations?.load().then(
      () => true,
      () => false,
    );
    if (!isCurrent() || listed === undefined) return;
    this.root?.setAttribute('data-annotations', listed ? 'loaded' : 'failed');
    if (!listed) this.showToast("Comments couldn't be loaded. Reload the page to try again.");
  }

  private async loadFile(fileId: string): Promise<BoxFile> {
    const cached = this.fileCache.get(fileId);
    if (cached?.representations && this.options.skipServerUpdate) return cached;
    const file = await this.api!.json<BoxFile>(`/2.0/files/${encodeURIComponent(fileId)}?fields=${FILE_FIELDS}`);
    this.fileCache.set(fileId, file);
    return file;
  }

  private createViewer(file: BoxFile): Viewer {
    this.kind = viewerKindOf(file);
    const rep = this.kind ? pickRepresentation(file, this.kind) : undefined;
    if (!this.kind || !rep) throw Object.assign(new Error('This file type has no preview.'), { code: 'error_unsupported_file_type' });
    const api = this.api!;
    const ready = () => whenReady(rep, api, () => this.destroyed);
    const url = () => contentUrlOf(rep);
    if (this.kind === 'document') {
      return new PdfViewer(this.root!, async () => (await ready(), api.bytes(url())), this.assetBase);
    }
    return new ImageViewer(this.root!, async () => (await ready(), api.withToken(url())), file.name ?? 'Image preview');
  }

  private mountControls(file: BoxFile): void {
    const viewer = this.viewer!;
    const permissions = file.permissions ?? {};
    const canViewAnnotations =
      this.options.showAnnotations === true &&
      (permissions.can_view_annotations === true || permissions.can_view_annotations_all === true || permissions.can_view_annotations_self === true);
    const canComment = canViewAnnotations && this.options.showAnnotationsControls === true && permissions.can_create_annotations === true;
    this.toolbar = new Toolbar({
      canComment,
      onZoomIn: () => viewer.zoomIn(),
      onZoomOut: () => viewer.zoomOut(),
      onFit: () => viewer.fit(),
      onToggleComment: () => this.annotations?.setAnnotating(!this.annotations.isAnnotating()),
      ...(viewer.goToPage ? { pages: { onGoTo: (page: number) => viewer.goToPage?.(page) } } : {}),
    });
    this.root!.append(this.toolbar.element);
    const showPage = () => {
      const info = viewer.pageInfo?.();
      if (info) this.toolbar?.setPage(info.current, info.count);
    };
    viewer.onPageChange?.(showPage);
    showPage();
    viewer.onZoom(() => this.toolbar?.setZoom(viewer.zoomPercent()));
    this.toolbar.setZoom(viewer.zoomPercent());
    if (canViewAnnotations) {
      this.annotations = new AnnotationController({
        root: this.root!,
        viewer,
        api: this.api!,
        file,
        canCreate: canComment,
        announce: (message) => {
          if (this.live) this.live.textContent = message;
        },
        onModeChange: (annotating) => this.toolbar?.setCommenting(annotating),
        events: canComment ? this.announceAnnotator() : undefined,
      });
    }
    this.wrapKeys(viewer);
  }

  /**
   * Box's Preview hands its annotator to the host (`annotator_create`), where
   * ContentPreview subscribes to the annotator's events: a new one per file shown.
   */
  private announceAnnotator(): Emitter {
    const annotator = new Emitter();
    this.emit('annotator_create', annotator);
    return annotator;
  }

  /** ContentPreview forwards keys to the viewer; Escape also closes comment UI. */
  private wrapKeys(viewer: Viewer): void {
    const original = viewer.onKeydown.bind(viewer);
    viewer.onKeydown = (key: string, event?: KeyboardEvent) => {
      if (bareKey(key) === 'Escape') return this.annotations?.onEscape() ?? false;
      return original(key, event);
    };
    if (this.options.useHotkeys !== false) {
      this.root!.addEventListener('keydown', (event) => {
        const target = event.target as HTMLElement;
        if (target.closest('textarea, input')) return;
        if (viewer.onKeydown(event.key, event)) event.preventDefault();
      });
    }
  }

  private readonly reportActionError = (error: unknown) => {
    this.showToast(toPreviewError(error).displayMessage);
  };

  /** A short visible message (also read out by screen readers). */
  private showToast(message: string): void {
    if (!this.root) return;
    const toast = el('div', { class: 'bp-toast', role: 'status' }, [message]);
    this.root.append(toast);
    setTimeout(() => toast.remove(), 6000);
  }
}
