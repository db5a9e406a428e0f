import { load } from '../lib/a';

export async function main() {
  console.log(load(1));
}
