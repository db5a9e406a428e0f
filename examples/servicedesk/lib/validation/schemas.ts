import { z } from 'zod'

export const loginSchema = z.object({
  email: z.string().email(),
  password: z.string().min(1),
})

export const registerSchema = z.object({
  email: z.string().email(),
  name: z.string().min(2).max(100),
  password: z.string().min(8),
  organizationSlug: z.string().optional(),
})

export const ticketCreateSchema = z.object({
  title: z.string().min(3).max(200),
  description: z.string().max(10000).optional(),
  ticket_type: z.enum(['incident', 'service_request', 'problem']).default('incident'),
  priority: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  category_id: z.number().int().positive().optional(),
  asset_id: z.number().int().positive().optional(),
  tags: z.array(z.string().min(1).max(40)).max(10).optional(),
})

export const ticketUpdateSchema = z.object({
  title: z.string().min(3).max(200).optional(),
  description: z.string().max(10000).optional(),
  status: z.enum(['new', 'open', 'in_progress', 'pending', 'resolved', 'closed']).optional(),
  priority: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  assignee_id: z.number().int().positive().nullable().optional(),
  category_id: z.number().int().positive().nullable().optional(),
})

export const commentSchema = z.object({
  body: z.string().min(1).max(5000),
  is_internal: z.boolean().default(false),
})

export const articleSchema = z.object({
  title: z.string().min(3).max(200),
  body: z.string().min(1),
  category_id: z.number().int().positive().optional(),
  tags: z.array(z.string()).default([]),
  publish: z.boolean().default(false),
})

export const assetSchema = z.object({
  name: z.string().min(1),
  asset_tag: z.string().min(1),
  ci_type: z.enum(['server', 'application', 'database', 'network', 'laptop', 'service']),
  criticality: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
  owner_id: z.number().int().positive().optional(),
  attributes: z.record(z.unknown()).default({}),
  depends_on: z.array(z.number().int().positive()).default([]),
})

export const workflowSchema = z.object({
  name: z.string().min(1),
  trigger_event: z.enum(['ticket.created', 'ticket.updated', 'ticket.breached']),
  conditions: z.record(z.string()).default({}),
  steps: z
    .array(
      z.object({
        action_type: z.enum(['set_priority', 'assign', 'notify', 'add_tag', 'set_status']),
        config: z.record(z.unknown()).default({}),
      })
    )
    .min(1),
})

export const changeSchema = z.object({
  title: z.string().min(3),
  description: z.string().optional(),
  risk: z.enum(['low', 'medium', 'high']).default('medium'),
  asset_id: z.number().int().positive().optional(),
  planned_start: z.string().optional(),
  planned_end: z.string().optional(),
})
