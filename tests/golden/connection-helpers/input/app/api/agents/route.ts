import { NextRequest, NextResponse } from 'next/server';
import { run } from '@/lib/db';
import { countAgents, importAgents, listAgents } from '@/lib/agents/catalog';

export async function GET(request: NextRequest) {
  const workspaceId = request.nextUrl.searchParams.get('workspace_id') || 'default';
  const agents = listAgents(workspaceId);
  return NextResponse.json({ agents, total: countAgents(workspaceId) });
}

export async function POST(request: NextRequest) {
  const body = await request.json();
  const created = importAgents(body.workspace_id, body.agents);
  run('INSERT INTO events (type, message) VALUES (?, ?)', ['agents_imported', `${created} agents`]);
  return NextResponse.json({ created }, { status: 201 });
}
