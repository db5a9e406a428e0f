export function verifyAuth(request: Request) { return null }
