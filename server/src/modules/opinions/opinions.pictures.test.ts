import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Session, type TestApp } from '../../test/app.js';
import { postOpinion, testPublicSide } from './opinions.fixture.js';
import { MAX_PICTURE_BYTES, MAX_PICTURES } from './opinions.rules.js';

let t: TestApp;
let city: Session;

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size = 200) => Buffer.concat([PNG_HEAD, Buffer.alloc(size - PNG_HEAD.length, 7)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 3)]);
const webp = () =>
  Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(64, 1)]);

function upload(code: string, file: { name: string; type: string; data: Buffer }, ip = '10.3.0.1') {
  const boundary = '----luoshi-picture-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/public/opinions/${code}/pictures`,
    remoteAddress: ip,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
}

async function newOpinion(text: string) {
  const res = await postOpinion(t.app, '10.3.0.9', { category: '投诉', text });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().code as string;
}

beforeAll(async () => {
  t = await makeTestApp({
    demo: true,
    config: { publicSide: testPublicSide() },
  });
  city = await t.login('city_admin');
});
afterAll(async () => t.close());

describe('pictures on opinions (multipart)', () => {
  it('accepts JPEG, PNG and WebP up to the count limit, then refuses more with 409 in Chinese', async () => {
    const code = await newOpinion('路口井盖破损，附照片说明');
    const sent = [
      { name: '井盖.png', type: 'image/png', data: png() },
      { name: 'IMG_0001.JPG', type: 'image/jpeg', data: jpeg() },
      { name: 'photo.webp', type: 'image/webp', data: webp() },
    ];
    expect(sent).toHaveLength(MAX_PICTURES);
    for (const [i, f] of sent.entries()) {
      const res = await upload(code, f);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ pictures: i + 1 });
    }
    const more = await upload(code, { name: 'more.png', type: 'image/png', data: png() });
    expect(more.statusCode).toBe(409);
    expect(more.json().message).toBe(`图片只能在提交后30分钟内补充，每条最多${MAX_PICTURES}张`);
  });

  it('sniffs the type from content: an HTML file named .png is refused with 415 in Chinese', async () => {
    const code = await newOpinion('菜市场油烟扰民，请处理');
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const res = await upload(code, { name: 'evil.png', type: 'image/png', data: html });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toBe('只接受JPEG、PNG或WebP格式的图片（按文件内容识别）');
    expect(res.json().fields).toEqual([{ field: 'file', message: '只接受JPEG、PNG或WebP格式的图片' }]);
    const gif = await upload(code, { name: 'a.gif', type: 'image/gif', data: Buffer.from('GIF89a....') });
    expect(gif.statusCode).toBe(415);
  });

  it('refuses an oversized picture with 413 in Chinese, and an empty upload with 400', async () => {
    const code = await newOpinion('小区电梯经常停运，请督促物业');
    const big = await upload(code, { name: 'big.png', type: 'image/png', data: png(MAX_PICTURE_BYTES + 1) });
    expect(big.statusCode).toBe(413);
    expect(big.json().message).toBe(`每张图片不能超过${MAX_PICTURE_BYTES / 1024 / 1024}MB`);
    const exact = await upload(code, { name: 'ok.png', type: 'image/png', data: png(MAX_PICTURE_BYTES) });
    expect(exact.statusCode, exact.body).toBe(201);
    const none = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/opinions/${code}/pictures`,
      payload: { file: 'x' },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().fields[0]).toEqual({ field: 'file', message: '请选择要上传的图片' });
    const unknown = await upload('ZZZZZZZZZZ', { name: 'a.png', type: 'image/png', data: png() });
    expect(unknown.statusCode).toBe(404);
  });

  it('shows pictures to the dispatcher as a nosniff attachment, never to the public', async () => {
    const code = await newOpinion('学校门口占道经营，附图');
    expect((await upload(code, { name: 'a.png', type: 'image/png', data: png(300) })).statusCode).toBe(201);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opinions?box=dispatch&pageSize=100`,
      headers: { cookie: city.cookie },
    });
    const item = (list.json().items as { id: number; code: string }[]).find((o) => o.code === code);
    expect(item).toBeDefined();
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opinions/${item?.id}`,
      headers: { cookie: city.cookie },
    });
    const [fileId] = detail.json().pictureIds as number[];
    expect(fileId).toBeGreaterThan(0);

    const staff = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opinion-files/${fileId}`,
      headers: { cookie: city.cookie },
    });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['content-type']).toBe('image/png');
    expect(staff.headers['x-content-type-options']).toBe('nosniff');
    expect(staff.headers['content-disposition']).toMatch(/^attachment; filename="opinion-picture-\d+\.png"/);
    expect(staff.rawPayload.equals(png(300))).toBe(true);

    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/opinion-files/${fileId}` });
    expect(anonymous.statusCode).toBe(401);
    const publicFile = await t.app.inject({ method: 'GET', url: `/api/v1/public/files/${fileId}` });
    expect(publicFile.statusCode).toBe(404);
    const track = await t.app.inject({ method: 'GET', url: `/api/v1/public/opinions/${code}` });
    expect(track.statusCode).toBe(200);
    expect(track.body).not.toMatch(/picture|files/i);
    const branch = await t.login('branch_member');
    const outsider = await t.app.inject({
      method: 'GET',
      url: `/api/v1/opinion-files/${fileId}`,
      headers: { cookie: branch.cookie },
    });
    expect(outsider.statusCode).toBe(404);
  });
});
