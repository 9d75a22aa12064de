/**
 * One line of progress on a terminal, rewritten in place with a carriage
 * return. Where the stream is not a terminal (a log file, CI), a line is
 * written now and then instead, so the file does not fill with updates.
 */
export class ProgressLine {
  private shown = 0;
  private lastAt = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    /** Least time between two updates: terminals redraw often, files seldom. */
    private readonly everyMs = stream.isTTY ? 100 : 5000,
  ) {}

  update(text: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastAt < this.everyMs) return;
    this.lastAt = now;
    if (!this.stream.isTTY) {
      this.stream.write(`${text}\n`);
      return;
    }
    // Spaces wipe what a longer previous line left behind.
    this.stream.write(`\r${text.padEnd(this.shown)}`);
    this.shown = text.length;
  }

  /** Shows the last state and moves on to a new line. */
  end(text: string): void {
    this.update(text, true);
    if (this.stream.isTTY) this.stream.write('\n');
    this.shown = 0;
  }
}

/** Bytes as mebibytes with one decimal. */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
