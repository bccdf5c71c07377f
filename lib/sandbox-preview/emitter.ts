type Listener = (data?: unknown) => void;

/** The subset of Node's EventEmitter that Box's Preview exposes. */
export class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  addListener(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  on(event: string, listener: Listener): this {
    return this.addListener(event, listener);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((candidate) => candidate !== listener));
    return this;
  }

  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  removeAllListeners(event?: string): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  emit(event: string, data?: unknown): boolean {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) listener(data);
    return listeners.length > 0;
  }
}
