/**
 * How a baseline server ends: on SIGTERM / SIGINT, or when the benchmark that started it (with an IPC
 * channel) goes away, it closes the server and then `close` (e.g. its pg pool), and exits; a hard exit
 * after 3 s if closing hangs.
 */
export function exitWithTheBenchmark(server: { close(): Promise<unknown> }, close: () => Promise<unknown> = async () => undefined): void {
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(code), 3000).unref();
    server
      .close()
      .then(close)
      .then(
        () => process.exit(code),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', () => shutdown(0));
  process.once('SIGINT', () => shutdown(0));
  process.once('disconnect', () => shutdown(0));
}
