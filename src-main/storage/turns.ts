// One change at a time per document entry (a draft, a tenant profile). A save checks the revision it
// was opened on and then awaits the keychain before it writes the file: two saves of one entry
// could both pass the check. Taking turns, the second one meets the first one's revision.

export class Turns {
  /** Per key, the change under way (settled either way): the next one starts after it. */
  private readonly last = new Map<string, Promise<void>>();

  /** Runs `work` once every change of `key` started before it has ended. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.last.get(key) ?? Promise.resolve();
    const mine = previous.then(work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.last.set(key, settled);
    void settled.then(() => {
      if (this.last.get(key) === settled) this.last.delete(key);
    });
    return mine;
  }
}
