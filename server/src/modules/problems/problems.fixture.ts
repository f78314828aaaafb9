import ExcelJS from 'exceljs';
import type { TestApp, Session } from '../../test/app.js';
import type { TProblemDetail } from './problems.schemas.js';

export interface ErrorBody {
  code?: string;
  fields?: { field: string; message: string }[];
}

/** Test helpers over the demo city: sessions, ids and one-call requests. */
export async function demoFixture(t: TestApp) {
  const s = {
    city: await t.login('city_admin'),
    district: await t.login('district_admin'),
    secretary: await t.login('branch_secretary'),
    member: await t.login('branch_member'),
  };
  const get = async <T = TProblemDetail>(who: Session, url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
    return { status: r.statusCode, body: r.json<T & ErrorBody>() };
  };
  const send = async <T = TProblemDetail>(
    who: Session,
    method: 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload: object,
  ) => {
    const r = await t.app.inject({ method, url, payload, headers: who.headers });
    return { status: r.statusCode, body: r.json<T & ErrorBody>() };
  };
  const orgId = async (name: string) => {
    const r = await get<{ items: { id: number; name: string }[] }>(
      s.city,
      `/api/v1/orgs?q=${encodeURIComponent(name)}`,
    );
    const items = r.body.items;
    const hit = items.find((o) => o.name === name);
    if (!hit) throw new Error(`no org ${name}`);
    return hit.id;
  };
  const meId = async (who: Session) => (await get<{ id: number }>(who, '/api/v1/auth/me')).body.id;
  const campaigns = (await get<{ items: { id: number; code: string }[] }>(s.city, '/api/v1/campaigns')).body
    .items;
  const ids = {
    campaign: campaigns[0].id,
    branch: await orgId('东城区朝阳街道机关党支部'),
    district: await orgId('中共清河市东城区委员会'),
    xicheng: await orgId('中共清河市西城区委员会'),
    memberUser: await meId(s.member),
    secretaryUser: await meId(s.secretary),
  };
  return { s, ids, get, send };
}

export function upload(file: Buffer, name: string, type = 'application/octet-stream') {
  const boundary = '----luoshiproblem';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

/** A workbook's first sheet as rows of cell texts. */
export async function sheetRows(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
    rows.push(cells);
  });
  return rows;
}
