/** Writes a line of a command's result to stdout; logs go elsewhere. */
export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
