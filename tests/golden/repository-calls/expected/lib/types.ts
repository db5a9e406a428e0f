export interface User {
  id: number
  tenant_id: number
  email: string
}
