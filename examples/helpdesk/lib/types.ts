export type UserRole = 'admin' | 'agent' | 'user';
export type TicketStatus = 'open' | 'in_progress' | 'pending' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'medium' | 'high' | 'critical';

export interface Organization {
  id: number;
  name: string;
  slug: string;
  plan: string;
  created_at: string;
}

export interface User {
  id: number;
  organization_id: number;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  is_active: number | boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export type PublicUser = Omit<User, 'password_hash'>;

export interface Category {
  id: number;
  organization_id: number;
  name: string;
  description: string | null;
  color: string;
  created_at: string;
}

export interface Status {
  id: number;
  name: TicketStatus;
  label: string;
  is_final: number | boolean;
  sort_order: number;
}

export interface Ticket {
  id: number;
  organization_id: number;
  title: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category_id: number | null;
  assigned_to: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface TicketWithDetails extends Ticket {
  category_name: string | null;
  assignee_name: string | null;
  creator_name: string;
  comment_count: number;
}

export interface TicketComment {
  id: number;
  ticket_id: number;
  user_id: number;
  content: string;
  is_internal: number | boolean;
  created_at: string;
  author_name?: string;
}

export interface KbArticle {
  id: number;
  organization_id: number;
  title: string;
  slug: string;
  content: string;
  category_id: number | null;
  author_id: number | null;
  is_published: number | boolean;
  views: number;
  created_at: string;
  updated_at: string;
}

export interface CmdbItem {
  id: number;
  organization_id: number;
  name: string;
  type: string;
  status: string;
  owner_id: number | null;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface CmdbRelationship {
  parent_id: number;
  child_id: number;
  relationship_type: string;
  created_at: string;
}

export interface Workflow {
  id: number;
  organization_id: number;
  name: string;
  trigger_type: string;
  is_active: number | boolean;
  created_at: string;
}

export interface WorkflowStep {
  id: number;
  workflow_id: number;
  step_order: number;
  name: string;
  action_type: 'assign' | 'set_status' | 'notify' | 'comment';
  config: string;
  created_at: string;
}

export interface Notification {
  id: number;
  user_id: number;
  ticket_id: number | null;
  type: string;
  title: string;
  message: string;
  is_read: number | boolean;
  created_at: string;
}

export interface UserSetting {
  user_id: number;
  key: string;
  value: string | null;
  updated_at: string;
}

export interface AnalyticsEvent {
  id: number;
  organization_id: number;
  user_id: number | null;
  event_type: string;
  payload: string;
  created_at: string;
}

export interface AuditLog {
  id: number;
  organization_id: number | null;
  user_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  details: string | null;
  created_at: string;
}

export interface AuthUser {
  userId: number;
  email: string;
  role: UserRole;
  organizationId: number;
}
