/**
 * The few calls the case book and the demo make to the API, over HTTP as
 * any client would.
 */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    /** Bearer token the calls are made with. */
    private readonly token: string,
  ) {}

  async submit(family: unknown): Promise<ApiResponse<{ id?: string; error?: unknown }>> {
    return this.call('POST', '/v1/checks', family);
  }

  async getCheck(id: string): Promise<ApiResponse<{ status: string }>> {
    return this.call('GET', `/v1/checks/${id}`);
  }

  /** Every discrepancy of a check, following the cursor to the last page. */
  async listDiscrepancies<T>(id: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor
        ? `?limit=200&cursor=${encodeURIComponent(cursor)}`
        : '?limit=200';
      const page = await this.call<{ items: T[]; nextCursor: string | null }>(
        'GET',
        `/v1/checks/${id}/discrepancies${query}`,
      );
      if (page.status !== 200) throw new Error(`listing discrepancies answered ${page.status}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** Polls a check until it is complete or partial; the API has no push channel. */
  async waitForCheck(id: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.getCheck(id);
      if (body.status === 'complete' || body.status === 'partial') return body.status;
      if (Date.now() > deadline) {
        throw new Error(`check still ${body.status} after ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}
