// Security Hub's BatchUpdateFindings for the moto front: moto 5.2 implements BatchImportFindings
// and GetFindings but not this call. The stand-in checks the documented request shape (1 to 100
// FindingIdentifiers with Id and ProductArn, Workflow.Status, a Note of at most 512 characters
// with UpdatedBy), keeps each finding's Workflow and Note, and lays them over moto's GetFindings
// answers, as Security Hub returns them.

import type { IncomingMessage, ServerResponse } from 'node:http';

const STATUSES = new Set(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']);

interface CustomerFields {
  Workflow?: { Status: string };
  Note?: { Text: string; UpdatedBy: string; UpdatedAt: string };
}

export class SecurityHubStandIn {
  private readonly fields = new Map<string, CustomerFields>();

  /** Answers BatchUpdateFindings itself; true when it did. */
  answer(req: IncomingMessage, body: Buffer, res: ServerResponse): boolean {
    if (req.method !== 'PATCH' || req.url !== '/findings/batchupdate') return false;
    const fail = (message: string) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidInputException' });
      res.end(JSON.stringify({ Code: 'InvalidInputException', Message: message }));
      return true;
    };
    let input: {
      FindingIdentifiers?: { Id?: string; ProductArn?: string }[];
      Workflow?: { Status?: string };
      Note?: { Text?: string; UpdatedBy?: string };
    };
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return fail('body is not JSON');
    }
    const ids = input.FindingIdentifiers ?? [];
    if (!ids.length || ids.length > 100) return fail('FindingIdentifiers must hold 1 to 100 findings');
    if (ids.some((i) => !i.Id || !i.ProductArn)) return fail('each FindingIdentifier needs Id and ProductArn');
    if (input.Workflow && !STATUSES.has(input.Workflow.Status ?? '')) return fail('Workflow.Status');
    if (input.Note && (!input.Note.Text || input.Note.Text.length > 512 || !input.Note.UpdatedBy || input.Note.UpdatedBy.length > 512))
      return fail('Note needs Text and UpdatedBy of at most 512 characters');
    for (const i of ids) {
      const f = this.fields.get(i.Id!) ?? {};
      if (input.Workflow) f.Workflow = { Status: input.Workflow.Status! };
      if (input.Note) f.Note = { Text: input.Note.Text!, UpdatedBy: input.Note.UpdatedBy!, UpdatedAt: new Date().toISOString() };
      this.fields.set(i.Id!, f);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ProcessedFindings: ids.map((i) => ({ Id: i.Id, ProductArn: i.ProductArn })), UnprocessedFindings: [] }));
    return true;
  }

  /** True for GetFindings, whose answer from moto goes through `rewrite`. */
  rewrites(req: IncomingMessage): boolean {
    return req.method === 'POST' && req.url === '/findings';
  }

  /** moto's GetFindings answer with each finding's Workflow and Note as BatchUpdateFindings left them. */
  rewrite(answer: string): string {
    const out = JSON.parse(answer) as { Findings?: ({ Id: string } & CustomerFields)[] };
    for (const f of out.Findings ?? []) Object.assign(f, this.fields.get(f.Id) ?? {});
    return JSON.stringify(out);
  }
}
