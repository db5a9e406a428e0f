import * as service from '@/lib/users/service';
import { profile } from '../../../lib/users/service';

export async function GET(request: Request) {
  const id = Number(new URL(request.url).searchParams.get('id'));
  return Response.json({ user: await profile(id), total: await service.total() });
}
