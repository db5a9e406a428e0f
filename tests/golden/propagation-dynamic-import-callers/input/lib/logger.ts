export const logger = {
  info: (fields: Record<string, unknown>, message: string) => console.log(message, fields),
}
