import { Preview } from './preview';

/**
 * Entry of the sandbox Preview bundle (preview.js). Like Box's SDK it defines
 * `window.Box.Preview`; its other assets (pdf.js, fonts) sit beside it.
 */
declare global {
  interface Window {
    Box?: { Preview?: unknown };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const assetBase = script?.src ? new URL('.', script.src).href : `${window.location.origin}/platform/preview/3.0.0/en-US/`;

class BoundPreview extends Preview {
  constructor() {
    super(assetBase);
  }
}

window.Box = { ...window.Box, Preview: BoundPreview };
