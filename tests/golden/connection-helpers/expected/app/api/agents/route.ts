import { NextRequest, NextResponse } from 'next/server';
import { countAgents, importAgents, listAgents } from '@/lib/agents/catalog';
import { executeRun } from '@/lib/db/adapter';

export async function GET(request: NextRequest) {
  const workspaceId = request.nextUrl.searchParams.get('workspace_id') || 'default';
  const agents = await listAgents(workspaceId);
  return NextResponse.json({ agents, total: await countAgents(workspaceId) });
}

export async function POST(request: NextRequest) {
  const body = await request.json();
  const created = await importAgents(body.workspace_id, body.agents);
  await executeRun('INSERT INTO events (type, message) VALUES (?, ?)', ['agents_imported', `${created} agents`]);
  return NextResponse.json({ created }, { status: 201 });
}
