/**
 * Progress on long work: a status line on stderr, rewritten in place, shown only when stderr is a
 * terminal (so pipes, CI logs and --json consumers see nothing of it).
 */
export interface Progress {
  update(message: string): void;
  done(): void;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(message) {
      stream.write(`\r\x1b[2K${message}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
