import { handleFileTokenRequest } from '@/lib/tokens/file-token-handler';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A short-lived Box token limited to one gallery file (see lib/tokens/file-token-handler.ts). */
export async function GET(request: Request, context: { params: Promise<{ fileId: string }> }): Promise<Response> {
  const { fileId } = await context.params;
  return handleFileTokenRequest(request, fileId);
}
