import { purge } from '../lib/cache';

async function main(): Promise<void> {
await purge();
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
