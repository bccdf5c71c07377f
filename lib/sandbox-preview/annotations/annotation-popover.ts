import { el } from '../dom';

const MARGIN = 8;

/** A small dialog anchored next to a pin, kept inside the preview's bounds. */
export class Popover {
  readonly element: HTMLDivElement;

  constructor(
    private readonly root: HTMLElement,
    label: string,
    content: Node[],
  ) {
    this.element = el('div', { class: 'bp-popover', role: 'dialog', 'aria-label': label, 'data-testid': 'bp-popover' }, content);
    root.append(this.element);
  }

  /** Places the popover below the anchor (above when there is no room), clamped horizontally. */
  placeNear(anchor: Element): void {
    const rootRect = this.root.getBoundingClientRect();
    const anchorRect = anchor.getBoundingClientRect();
    const { offsetWidth: width, offsetHeight: height } = this.element;
    const centerX = anchorRect.left + anchorRect.width / 2 - rootRect.left;
    const left = Math.min(Math.max(MARGIN, centerX - width / 2), Math.max(MARGIN, rootRect.width - width - MARGIN));
    const below = anchorRect.bottom - rootRect.top + MARGIN;
    const above = anchorRect.top - rootRect.top - height - MARGIN;
    const top = below + height <= rootRect.height - MARGIN || above < MARGIN ? below : above;
    this.element.style.left = `${left}px`;
    this.element.style.top = `${Math.max(MARGIN, top)}px`;
  }

  contains(node: Node | null): boolean {
    return node !== null && this.element.contains(node);
  }

  remove(): void {
    this.element.remove();
  }
}
