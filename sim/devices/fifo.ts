/** A bounded word FIFO (the RP2040 SIO inter-core FIFOs, mailboxes). */
export class WordFifo {
  private readonly words: number[] = [];
  constructor(readonly depth: number) {}

  get length(): number {
    return this.words.length;
  }
  get full(): boolean {
    return this.words.length >= this.depth;
  }
  get empty(): boolean {
    return this.words.length === 0;
  }
  /** False (and the word is dropped) when full. */
  push(word: number): boolean {
    if (this.full) return false;
    this.words.push(word >>> 0);
    return true;
  }
  /** undefined when empty. */
  pop(): number | undefined {
    return this.words.shift();
  }
  clear(): void {
    this.words.length = 0;
  }
}
