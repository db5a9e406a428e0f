import { load } from '../lib/a';

export async function main() {
  console.log(await load(1));
}
