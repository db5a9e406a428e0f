export type Role = 'admin' | 'agent' | 'user'

export type TicketStatus = 'new' | 'open' | 'in_progress' | 'pending' | 'resolved' | 'closed'
export type TicketPriority = 'low' | 'medium' | 'high' | 'critical'
export type TicketType = 'incident' | 'service_request' | 'problem'

export interface Organization {
  id: number
  name: string
  slug: string
  settings: string
  created_at: string
}

export interface User {
  id: number
  organization_id: number
  email: string
  name: string
  password_hash: string
  role: Role
  team: string | null
  is_active: number | boolean
  last_login_at: string | null
  timezone?: string | null
  created_at: string
  updated_at: string
}

export type PublicUser = Omit<User, 'password_hash'>

export interface AuthUser {
  id: number
  email: string
  name: string
  role: Role
  organization_id: number
}

export interface Ticket {
  id: number
  organization_id: number
  title: string
  description: string | null
  ticket_type: TicketType
  status: TicketStatus
  priority: TicketPriority
  category_id: number | null
  requester_id: number
  assignee_id: number | null
  asset_id: number | null
  change_request_id: number | null
  sla_due_at: string | null
  first_response_at: string | null
  resolved_at: string | null
  closed_at: string | null
  custom_fields: string
  satisfaction_score: number | null
  created_at: string
  updated_at: string
}

export interface TicketWithNames extends Ticket {
  requester_name: string
  assignee_name: string | null
  category_name: string | null
}

export interface Comment {
  id: number
  ticket_id: number
  author_id: number
  author_name?: string
  body: string
  is_internal: number | boolean
  created_at: string
}

export interface Category {
  id: number
  organization_id: number
  name: string
  description: string | null
}

export interface Asset {
  id: number
  organization_id: number
  name: string
  asset_tag: string
  ci_type: string
  status: string
  criticality: string
  owner_id: number | null
  attributes: string
  warranty_expires?: string | null
  created_at: string
  updated_at: string
}

export interface Article {
  id: number
  organization_id: number
  title: string
  body: string
  category_id: number | null
  author_id: number
  status: 'draft' | 'published'
  view_count: number
  created_at: string
  updated_at: string
}

export interface Workflow {
  id: number
  organization_id: number
  name: string
  trigger_event: string
  conditions: string
  is_active: number | boolean
  created_by: number | null
  created_at: string
}

export interface WorkflowStep {
  id: number
  workflow_id: number
  step_order: number
  action_type: 'set_priority' | 'assign' | 'notify' | 'add_tag' | 'set_status'
  config: string
}

export interface Notification {
  id: number
  user_id: number
  type: string
  title: string
  body: string | null
  ticket_id: number | null
  dedupe_key: string | null
  is_read: number | boolean
  created_at: string
}

export interface ChangeRequest {
  id: number
  organization_id: number
  title: string
  description: string | null
  risk: 'low' | 'medium' | 'high'
  status: 'draft' | 'pending_approval' | 'approved' | 'rejected' | 'implemented'
  requested_by: number
  asset_id: number | null
  planned_start: string | null
  planned_end: string | null
  implemented_at: string | null
  created_at: string
  updated_at: string
}

export interface SlaPolicy {
  id: number
  organization_id: number
  name: string
  priority: TicketPriority
  response_minutes: number
  resolution_minutes: number
  is_active: number | boolean
}
