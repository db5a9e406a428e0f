export async function audit(id: number) {
  console.log('audit', id)
}
