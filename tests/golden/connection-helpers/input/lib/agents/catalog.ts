import { queryAll, queryOne, run, transaction } from '@/lib/db';

export interface Agent {
  id: string;
  name: string;
  role: string;
  workspace_id: string;
}

export function listAgents(workspaceId: string): Agent[] {
  return queryAll<Agent>('SELECT * FROM agents WHERE workspace_id = ? ORDER BY name', [workspaceId]);
}

export function getAgent(id: string): Agent | undefined {
  return queryOne<Agent>('SELECT * FROM agents WHERE id = ?', [id]);
}

export function countAgents(workspaceId: string): number {
  return queryOne<{ n: number }>('SELECT COUNT(*) AS n FROM agents WHERE workspace_id = ?', [workspaceId])?.n ?? 0;
}

export function importAgents(workspaceId: string, agents: Array<Pick<Agent, 'id' | 'name' | 'role'>>): number {
  return transaction(() => {
    let created = 0;
    for (const agent of agents) {
      const existing = queryOne<{ id: string }>('SELECT id FROM agents WHERE id = ?', [agent.id]);
      if (existing) {
        run('UPDATE agents SET name = ?, role = ? WHERE id = ?', [agent.name, agent.role, agent.id]);
      } else {
        run(
          'INSERT INTO agents (id, name, role, workspace_id) VALUES (?, ?, ?, ?)',
          [agent.id, agent.name, agent.role, workspaceId]
        );
        created++;
      }
    }
    return created;
  });
}
