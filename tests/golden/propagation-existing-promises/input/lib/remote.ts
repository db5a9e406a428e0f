export async function fetchStatus(id: number): Promise<string> {
  return `ok ${id}`;
}
