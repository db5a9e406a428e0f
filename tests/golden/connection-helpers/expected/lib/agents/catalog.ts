import { executeQuery, executeQueryOne, executeTransaction } from '@/lib/db/adapter';

export interface Agent {
  id: string;
  name: string;
  role: string;
  workspace_id: string;
}

export async function listAgents(workspaceId: string): Promise<Agent[]> {
  return await executeQuery<Agent>('SELECT * FROM agents WHERE workspace_id = ? ORDER BY name', [workspaceId]);
}

export async function getAgent(id: string): Promise<Agent | undefined> {
  return await executeQueryOne<Agent>('SELECT * FROM agents WHERE id = ?', [id]);
}

export async function countAgents(workspaceId: string): Promise<number> {
  return (await executeQueryOne<{ n: number }>('SELECT COUNT(*) AS n FROM agents WHERE workspace_id = ?', [workspaceId]))?.n ?? 0;
}

export async function importAgents(workspaceId: string, agents: Array<Pick<Agent, 'id' | 'name' | 'role'>>): Promise<number> {
  return await executeTransaction(async (tx) => {
    let created = 0;
    for (const agent of agents) {
      const existing = await tx.executeQueryOne<{ id: string }>('SELECT id FROM agents WHERE id = ?', [agent.id]);
      if (existing) {
        await tx.executeRun('UPDATE agents SET name = ?, role = ? WHERE id = ?', [agent.name, agent.role, agent.id]);
      } else {
        await tx.executeRun(
          'INSERT INTO agents (id, name, role, workspace_id) VALUES (?, ?, ?, ?)',
          [agent.id, agent.name, agent.role, workspaceId]
        );
        created++;
      }
    }
    return created;
  });
}
