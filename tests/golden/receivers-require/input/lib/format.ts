export function format(row: unknown): string {
  return JSON.stringify(row);
}
