export default async function globalTeardown() {
  await globalThis.__VDE_PG__?.stop();
}
