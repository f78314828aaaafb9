import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Result,
  Select,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import {
  CATEGORIES,
  MAX_PICTURE_MB,
  MAX_PICTURES,
  PICTURE_TYPES,
  publicApi,
  solveChallenge,
  type PublicUnit,
} from '../../api/public';

interface Values {
  category: string;
  orgId: number | 'unknown';
  text: string;
  name?: string;
  phone?: string;
  agreePublic?: boolean;
}

/** 我有话说: the proof of work is solved here in the browser before the form is sent. */
export function SubmitOpinion({ onTrack }: { onTrack: (code: string) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const [pictures, setPictures] = useState<UploadFile[]>([]);

  /** Pictures go up one by one after the text, each checked by the server; a refused one does not lose the code. */
  const sendPictures = async (c: string) => {
    for (const p of pictures) {
      if (!p.originFileObj) continue;
      try {
        await publicApi.addPicture(c, p.originFileObj, p.name);
      } catch (e) {
        message.warning(`图片“${p.name}”未能上传：${e instanceof Error ? e.message : ''}`);
      }
    }
  };

  const pick = (file: File) => {
    if (!PICTURE_TYPES.split(',').includes(file.type)) message.error('只接受JPEG、PNG或WebP格式的图片');
    else if (file.size > MAX_PICTURE_MB * 1024 * 1024) message.error(`每张图片不能超过${MAX_PICTURE_MB}MB`);
    else return false;
    return Upload.LIST_IGNORE;
  };

  const search = (q: string) => {
    publicApi
      .units(q || undefined)
      .then(setUnits)
      .catch(() => undefined);
  };

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const ch = await publicApi.challenge();
      const nonce = await solveChallenge(ch.salt, ch.difficulty);
      const res = await publicApi.submit({
        category: v.category,
        orgId: v.orgId === 'unknown' ? null : v.orgId,
        text: v.text,
        name: v.name || undefined,
        phone: v.phone || undefined,
        agreePublic: Boolean(v.agreePublic),
        challenge: { salt: ch.salt, nonce },
      });
      if (!res.merged) await sendPictures(res.code);
      setPictures([]);
      setCode(res.code);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: f.field as keyof Values, errors: [f.message] })));
      }
      message.error(e instanceof Error ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  if (code)
    return (
      <Result
        status="success"
        title="提交成功"
        subTitle={
          <>
            请记下您的查询码：
            <Typography.Text strong copyable data-testid="opinion-code" style={{ fontSize: 20 }}>
              {code}
            </Typography.Text>
          </>
        }
        extra={[
          <Button type="primary" key="t" onClick={() => onTrack(code)}>
            查看办理进度
          </Button>,
          <Button key="n" onClick={() => (setCode(null), form.resetFields())}>
            再提一条
          </Button>,
        ]}
      />
    );

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ category: '意见', orgId: 'unknown' }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="您的姓名和电话只有派单人员和承办单位可见，公开内容中的电话、身份证号、姓名都会隐去。"
      />
      <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
        <Select options={CATEGORIES.map((c) => ({ value: c, label: c }))} />
      </Form.Item>
      <Form.Item name="orgId" label="涉及单位">
        <Select
          showSearch
          filterOption={false}
          onSearch={search}
          onFocus={() => search('')}
          options={[
            { value: 'unknown', label: '不清楚（由主题教育办派单）' },
            ...units.map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      </Form.Item>
      <Form.Item
        name="text"
        label="内容"
        rules={[
          { required: true, message: '请填写内容' },
          { min: 5, message: '内容至少5个字' },
          { max: 2000, message: '内容不能超过2000个字' },
        ]}
      >
        <Input.TextArea rows={5} showCount maxLength={2000} data-testid="opinion-text" />
      </Form.Item>
      <Form.Item label={`图片（选填，最多${MAX_PICTURES}张，每张不超过${MAX_PICTURE_MB}MB）`}>
        <Upload
          listType="picture-card"
          accept={PICTURE_TYPES}
          multiple
          maxCount={MAX_PICTURES}
          fileList={pictures}
          beforeUpload={pick}
          onChange={({ fileList }) => setPictures(fileList.map((f) => ({ ...f, status: 'done' })))}
          data-testid="opinion-pictures"
        >
          {pictures.length < MAX_PICTURES && (
            <span>
              <PictureOutlined /> 添加图片
            </span>
          )}
        </Upload>
      </Form.Item>
      <Form.Item name="name" label="姓名（选填）" rules={[{ max: 20, message: '姓名不能超过20个字' }]}>
        <Input maxLength={20} />
      </Form.Item>
      <Form.Item
        name="phone"
        label="手机（选填）"
        rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请填写11位手机号码' }]}
      >
        <Input inputMode="tel" maxLength={11} />
      </Form.Item>
      <Form.Item name="agreePublic" valuePropName="checked">
        <Checkbox>同意在隐去个人信息后公开答复</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="opinion-submit">
        {busy ? '正在进行安全校验…' : '提交'}
      </Button>
    </Form>
  );
}
