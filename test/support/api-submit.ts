import type { LocalStack } from '../../src/runtime/local-stack.js';

/** Posts a family to the stack's API as its submitter; answers status and body. */
export async function postFamily(stack: LocalStack, family: unknown) {
  const response = await stack.app.inject({
    method: 'POST',
    url: '/v1/checks',
    headers: { authorization: `Bearer ${stack.tokens.submitter}` },
    payload: family as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json<{ id?: string; error?: unknown }>() };
}

/** Posts families one after another and fails on the first that is not accepted. */
export async function postFamilies(stack: LocalStack, families: readonly unknown[]): Promise<void> {
  for (const family of families) {
    const answer = await postFamily(stack, family);
    if (answer.status !== 202) throw new Error(`refused with ${answer.status}`);
  }
}
